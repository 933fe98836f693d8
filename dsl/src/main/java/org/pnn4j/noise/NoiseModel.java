package org.pnn4j.noise;

import org.pnn4j.tensor.Rng;

/**
 * A description of how a physical signal departs from its ideal value. It is stateless; {@link #start}
 * makes the stateful {@link NoiseProcess} of one device instance. The split keeps apart the two kinds of
 * imperfection that hardware-aware modelling needs:
 * <ul>
 *   <li>imperfections drawn <b>once per device instance</b> (fabrication mismatch, a fixed parameter
 *       programming error): drawn in {@link #start} from the device's seed;</li>
 *   <li>noise drawn <b>on every call</b> (shot noise, read noise, pump-energy jitter) and state that evolves
 *       over calls (drift): drawn in {@link NoiseProcess#apply}.</li>
 * </ul>
 */
@FunctionalInterface
public interface NoiseModel {
    /** The process of one device instance; {@code rng} seeds both its fixed imperfections and its per-call draws. */
    NoiseProcess start(Rng rng);

    /** This model followed by {@code next} (applied in that order on every call). */
    default NoiseModel then(NoiseModel next) {
        NoiseModel first = this;
        return rng -> {
            NoiseProcess a = first.start(rng.split()), b = next.start(rng.split());
            return signal -> b.apply(a.apply(signal));
        };
    }

    /** No noise at all. */
    static NoiseModel none() {
        return rng -> signal -> signal;
    }
}
