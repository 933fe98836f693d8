package org.pnn4j.physics;

import org.pnn4j.nn.Layer;

/**
 * How much a run used its physical devices (the scarce resource on real hardware): forward calls, samples sent
 * through the devices, and the seconds the devices spent on them. Values add up over layers and runs ({@link #plus}) and
 * a span of a run is a difference ({@link #minus}).
 *
 * @param calls   physical forward calls
 * @param samples samples (rows) sent through physical devices; a layer shared by k patches per image counts k per image
 * @param seconds seconds spent in physical forward calls: as the devices report them (a remote server's), else wall-clock
 */
public record PhysicalUsage(long calls, long samples, double seconds) {
    /** No use at all. */
    public static final PhysicalUsage NONE = new PhysicalUsage(0, 0, 0);

    /** The sum of this usage and {@code other}. */
    public PhysicalUsage plus(PhysicalUsage other) {
        return new PhysicalUsage(calls + other.calls, samples + other.samples, seconds + other.seconds);
    }

    /** This usage less {@code other} (the use between two readings of a counter). */
    public PhysicalUsage minus(PhysicalUsage other) {
        return new PhysicalUsage(calls - other.calls, samples - other.samples, seconds - other.seconds);
    }

    /** The usage so far of every physical layer of {@code model} together ({@link PhysicalLayer#in}), views included. */
    public static PhysicalUsage of(Layer model) {
        PhysicalUsage u = NONE;
        for (PhysicalLayer p : PhysicalLayer.in(model)) u = u.plus(p.usage());
        return u;
    }
}
