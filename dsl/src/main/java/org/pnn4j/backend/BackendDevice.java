package org.pnn4j.backend;

import java.util.concurrent.atomic.AtomicLong;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.Substrate;
import org.pnn4j.physics.Substrates;
import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.Tensor;

/**
 * A {@link PhysicalDevice} whose forward runs on a {@link Backend}: validates against the substrate, splits the call
 * into pieces the backend accepts, runs {@link Preflight} on each, calls {@link Backend#forwardTimed}, and checks the
 * outputs' shape and finiteness. Made by {@link Backend#device(Substrate)}.
 *
 * <p><b>Splitting.</b> A call is cut into as few backend calls as the backend's {@link Capabilities} allow, so a
 * 1024-sample evaluation runs on a device that declares {@code maxBatch} 256:
 * <ul>
 *   <li>{@code repeats} above {@link Capabilities#maxRepeats()} (or above {@link Capabilities#maxSamplesPerCall()})
 *       run as several calls of at most that many repeats, and their means are averaged weighted by their repeats,
 *       so the result is the mean of all {@code repeats} measurements;</li>
 *   <li>the batch is cut, in order, into chunks of at most {@link Capabilities#maxBatch()} samples, at most
 *       {@code maxSamplesPerCall / repeatsPerCall} samples, and small enough that the request's estimated size
 *       ({@link #requestBytes}), and that of the reply, stay under 90% of {@link Capabilities#maxMessageBytes()}; the outputs are
 *       concatenated in the order of the inputs.</li>
 * </ul>
 * A call that fits is sent whole (bit for bit what the backend returns). The device seconds of the pieces are summed.
 * {@link #calls()} counts calls of this device; {@link #backendCalls()} the backend calls they became.
 */
public final class BackendDevice implements PhysicalDevice {
    private final Backend backend;
    private final Substrate substrate;
    private final int repeats;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong backendCalls = new AtomicLong();
    /** Bytes of a request besides its floats and names (message headers, field tags, the repeats): an upper estimate. */
    static final int FRAMING_BYTES = 1024;
    /** Bytes of framing per parameter besides its name and values (tag, length, shape). */
    static final int PARAMETER_FRAMING_BYTES = 32;
    /** Bytes of framing per sample besides its floats (a row's tag and length). */
    static final int SAMPLE_FRAMING_BYTES = 8;

    /**
     * A device of {@code substrate} on {@code backend}, averaging {@code repeats} measurements per call.
     *
     * @throws IllegalArgumentException if repeats &lt; 1
     * @throws PreflightException       if the backend cannot serve the substrate
     */
    public BackendDevice(Backend backend, Substrate substrate, int repeats) {
        if (repeats < 1) throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
        this.backend = backend;
        this.substrate = substrate;
        this.repeats = repeats;
        backend.attach(substrate);
    }

    @Override
    public Substrate substrate() {
        return substrate;
    }

    /** The backend the calls run on. */
    public Backend backend() {
        return backend;
    }

    /** Measurements averaged per call. */
    public int repeats() {
        return repeats;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException for inputs or parameters outside the substrate's ranges
     * @throws PreflightException       for a call outside the backend's capabilities even after splitting (nothing ran)
     * @throws BackendException         when the backend failed
     * @throws IllegalStateException    when the backend returned a wrong shape or non-finite values
     */
    @Override
    public Tensor forward(Tensor x, Params theta) {
        return measure(x, theta).output();
    }

    /**
     * As {@link #forward}, with the seconds the device spent: the sum over the backend calls the call was split into
     * (see the class comment), each as {@link Backend#forwardTimed} reports it.
     *
     * @throws IllegalArgumentException for inputs or parameters outside the substrate's ranges
     * @throws PreflightException       for a call outside the backend's capabilities, or when the backend's message
     *                                  limit cannot hold the parameters and a single sample (nothing ran)
     * @throws BackendException         when the backend failed
     * @throws IllegalStateException    when the backend returned a wrong shape or non-finite values
     */
    @Override
    public Measurement measure(Tensor x, Params theta) {
        Substrates.checkInput(substrate, x);
        Substrates.checkParams(substrate, theta);
        Params p = theta.detached();
        Tensor in = x.detach();
        Capabilities caps = backend.capabilities();
        int batch = x.dim(0);
        int repeatsPerCall = (int) Math.min(repeats, Math.min(caps.maxRepeats(), caps.maxSamplesPerCall()));
        int chunk = batch < 1 ? batch : samplesPerCall(caps, in.dim(1), p, repeatsPerCall);
        if (chunk >= batch && repeatsPerCall == repeats) {
            Preflight.check(caps, substrate.name(), in, p, repeats);
            Backend.Timed r = call(in, p, repeats);
            Substrates.checkOutput(substrate, r.outputs(), batch, "backend " + backend.name());
            calls.incrementAndGet();
            return new Measurement(in, r.outputs().detach(), r.deviceSeconds());
        }
        // the pieces are checked before any of them runs, so a call refused by preflight spends no device time
        for (int from = 0; from < batch; from += chunk) {
            Tensor piece = in.slice(0, from, Math.min(batch, from + chunk));
            for (int done = 0; done < repeats; done += repeatsPerCall)
                Preflight.check(caps, substrate.name(), piece, p, Math.min(repeatsPerCall, repeats - done));
        }
        Tensor[] outputs = new Tensor[(batch + chunk - 1) / chunk];
        double seconds = 0;
        for (int from = 0, k = 0; from < batch; from += chunk, k++) {
            int to = Math.min(batch, from + chunk);
            Tensor piece = in.slice(0, from, to);
            double[] sum = null;
            Tensor only = null;
            for (int done = 0; done < repeats; done += repeatsPerCall) {
                int r = Math.min(repeatsPerCall, repeats - done);
                Backend.Timed t = call(piece, p, r);
                Substrates.checkOutput(substrate, t.outputs(), to - from, "backend " + backend.name());
                seconds += t.deviceSeconds();
                if (r == repeats) {
                    only = t.outputs();
                    continue;
                }
                float[] y = t.outputs().array();
                if (sum == null) sum = new double[y.length];
                for (int i = 0; i < y.length; i++) sum[i] += (double) r * y[i];
            }
            if (only != null) {
                outputs[k] = only.detach();
            } else {
                float[] mean = new float[sum.length];
                for (int i = 0; i < sum.length; i++) mean[i] = (float) (sum[i] / repeats);
                outputs[k] = Tensor.of(mean, to - from, substrate.outputSize());
            }
        }
        calls.incrementAndGet();
        Tensor y = outputs.length == 1 ? outputs[0] : Tensor.concat(0, outputs);
        return new Measurement(in, y, seconds);
    }

    private Backend.Timed call(Tensor inputs, Params p, int r) {
        try (Grad.Scope off = Grad.off()) {
            Backend.Timed t = backend.forwardTimed(substrate.name(), inputs, p, r);
            backendCalls.incrementAndGet();
            return t;
        }
    }

    /**
     * The most samples one backend call may carry: the smallest of the backend's batch limit, its per-call sample limit
     * divided by the repeats per call, and what fits 90% of its message limit.
     *
     * @throws PreflightException when not even one sample fits the message limit
     */
    private int samplesPerCall(Capabilities caps, int inputSize, Params p, int repeatsPerCall) {
        long n = Math.min(caps.maxBatch(), Math.max(1, caps.maxSamplesPerCall() / repeatsPerCall));
        if (caps.maxMessageBytes() != Integer.MAX_VALUE) {
            long usable = caps.maxMessageBytes() - caps.maxMessageBytes() / 10L;
            long fixed = requestBytes(substrate.name(), 0, inputSize, p);
            long perSample = 4L * inputSize + SAMPLE_FRAMING_BYTES;
            // the reply carries the outputs, and a server or client with this limit refuses a larger reply too
            long perSampleOut = 4L * substrate.outputSize() + SAMPLE_FRAMING_BYTES;
            long fit = Math.min((usable - fixed) / perSample, (usable - FRAMING_BYTES) / perSampleOut);
            if (fit < 1)
                throw new PreflightException(String.format(java.util.Locale.ROOT,
                        "substrate '%s': one sample's request to backend %s is about %d bytes (%d parameter values and %d inputs, "
                                + "4 bytes each, plus framing) and its reply about %d bytes (%d outputs); more than 90%% of the %d "
                                + "bytes the backend accepts per message; raise the server's message limit or use fewer parameters "
                                + "or inputs per sample",
                        substrate.name(), backend.name(), fixed + perSample, parameterValues(p), inputSize,
                        FRAMING_BYTES + perSampleOut, substrate.outputSize(), caps.maxMessageBytes()));
            n = Math.min(n, fit);
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, n));
    }

    /**
     * An upper estimate of the bytes of one request: 4 bytes per float of the inputs and parameters, the names, and
     * {@link #FRAMING_BYTES} plus a few bytes per parameter and per sample of framing. Calls are split to keep it, and
     * the reply's estimate (4 bytes per output plus framing), under 90% of {@link Capabilities#maxMessageBytes()}.
     *
     * @param batch     samples in the request
     * @param inputSize inputs per sample
     */
    static long requestBytes(String substrate, int batch, int inputSize, Params p) {
        long bytes = FRAMING_BYTES + substrate.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        for (String name : p.names())
            bytes += PARAMETER_FRAMING_BYTES + name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 4L * p.get(name).size();
        return bytes + (long) batch * (4L * inputSize + SAMPLE_FRAMING_BYTES);
    }

    private static long parameterValues(Params p) {
        long n = 0;
        for (String name : p.names()) n += p.get(name).size();
        return n;
    }

    /** Backend calls made so far: more than {@link #calls()} when calls were split to fit the backend's limits. */
    public long backendCalls() {
        return backendCalls.get();
    }

    @Override
    public long calls() {
        return calls.get();
    }
}
