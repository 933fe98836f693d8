package org.pnn4j.backend;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.Tensor;

/**
 * The default backend: runs each substrate in-process on its simulated device {@code substrate.device(seed)},
 * created when the substrate is {@linkplain #attach attached} (by {@link #device(Substrate)} or
 * {@link #serve}). Repeats are run one after another and averaged. Calls on one substrate are serialized (a
 * simulated device has state: drift, noise stream) by a fair lock, so that callers are served in the order they came
 * and one client's stream of calls cannot starve another's; calls on different substrates run in parallel.
 *
 * <p>What one call may cost is bounded, as on hardware: at most {@link #DEFAULT_MAX_REPEATS} repeats and
 * {@link #DEFAULT_MAX_SAMPLES_PER_CALL} samples × repeats per call (declared in {@link #capabilities()}; clients split
 * larger calls), and a call whose thread is interrupted (a server whose client gave up) stops between repeats.
 */
public final class SimulatedBackend implements Backend {
    /** Repeats one call may ask for. */
    public static final int DEFAULT_MAX_REPEATS = 1024;
    /** Samples × repeats one call may ask for. */
    public static final long DEFAULT_MAX_SAMPLES_PER_CALL = 1L << 20;

    private final long seed;
    private final int maxBatch;
    private final Map<String, PhysicalDevice> devices = new LinkedHashMap<>();
    private final Map<String, java.util.concurrent.locks.ReentrantLock> locks = new LinkedHashMap<>();

    /** Devices drawn from {@code seed}; no batch limit. */
    public SimulatedBackend(long seed) {
        this(seed, Integer.MAX_VALUE);
    }

    /**
     * Devices drawn from {@code seed}, declaring at most {@code maxBatch} samples per call (to mimic hardware).
     *
     * @throws IllegalArgumentException if maxBatch &lt; 1
     */
    public SimulatedBackend(long seed, int maxBatch) {
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        this.seed = seed;
        this.maxBatch = maxBatch;
    }

    /** This backend, serving {@code substrates} too (as {@link #attach} each). */
    public SimulatedBackend serve(Substrate... substrates) {
        for (Substrate s : substrates) attach(s);
        return this;
    }

    /**
     * Creates the simulated device of {@code substrate} unless one of that name exists.
     *
     * @throws PreflightException if another substrate of the same name is already served
     */
    @Override
    public void attach(Substrate substrate) {
        synchronized (devices) {
            PhysicalDevice d = devices.get(substrate.name());
            if (d == null) {
                devices.put(substrate.name(), substrate.device(seed));
                locks.put(substrate.name(), new java.util.concurrent.locks.ReentrantLock(true));
            }
            else if (d.substrate() != substrate && !Capabilities.SubstrateInfo.of(d.substrate()).equals(Capabilities.SubstrateInfo.of(substrate)))
                throw new PreflightException("substrate '" + substrate.name() + "' is already served with another declaration; "
                        + "give the second one another name or use a second backend");
        }
    }

    @Override
    public String name() {
        return "simulated(seed=" + seed + ")";
    }

    @Override
    public Capabilities capabilities() {
        List<Capabilities.SubstrateInfo> infos = new ArrayList<>();
        synchronized (devices) {
            for (PhysicalDevice d : devices.values()) infos.add(Capabilities.SubstrateInfo.of(d.substrate()));
        }
        return Capabilities.of(maxBatch, DEFAULT_MAX_REPEATS, infos, false).withLimits(Integer.MAX_VALUE, DEFAULT_MAX_SAMPLES_PER_CALL);
    }

    /**
     * {@inheritDoc}
     *
     * @throws PreflightException       for a substrate not attached, or a call outside the capabilities
     * @throws IllegalArgumentException for inputs or parameters outside the substrate's ranges
     * @throws IllegalStateException    when the simulation produced non-finite outputs
     */
    @Override
    public Tensor forward(String substrate, Tensor inputs, Params params, int repeats) {
        Capabilities caps = capabilities();
        Preflight.check(caps, substrate, inputs, params, repeats);
        if ((long) inputs.dim(0) * repeats > caps.maxSamplesPerCall())
            throw new PreflightException("substrate '" + substrate + "': batch " + inputs.dim(0) + " x repeats " + repeats
                    + " exceeds the " + caps.maxSamplesPerCall() + " samples one call may cost; send fewer samples or repeats per call");
        PhysicalDevice d;
        java.util.concurrent.locks.ReentrantLock lock;
        synchronized (devices) {
            d = devices.get(substrate);
            lock = locks.get(substrate);
        }
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("call on '" + substrate + "' interrupted while waiting for the device (its client gave up)", e);
        }
        try {
            Tensor sum = d.forward(inputs, params);
            for (int r = 1; r < repeats; r++) {
                if (Thread.currentThread().isInterrupted())
                    throw new BackendException("call on '" + substrate + "' interrupted after " + r + " of " + repeats
                            + " repeats (its client gave up); the device is free again");
                sum = sum.add(d.forward(inputs, params));
            }
            return repeats == 1 ? sum : sum.div(repeats);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
