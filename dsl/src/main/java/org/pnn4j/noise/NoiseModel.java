package org.pnn4j.noise;

import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

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
 *
 * <p>The models are made by the static factories of this interface (the one way to make them; with
 * {@code import static org.pnn4j.noise.NoiseModel.*} they read like the physics) and combined with
 * {@link #then}:
 * <pre>{@code
 * NoiseModel detector = shotNoise(1e4)                 // photon counting, 1e4 counts per unit intensity
 *         .then(additiveGaussian(1e-3))                // read noise
 *         .then(pinkDrift(5e-3, 1e4).multiplicative()) // laser power: 1/f, common to all channels
 *         .then(quantization(12, 0, 1));               // 12-bit ADC over [0, 1]
 * }</pre>
 *
 * <table>
 *   <caption>Factories: what is drawn when</caption>
 *   <tr><th>factory</th><th>model</th><th>drawn</th></tr>
 *   <tr><td>{@link #additiveGaussian}</td><td>y = x + σ·n</td><td>every call, every element</td></tr>
 *   <tr><td>{@link #multiplicativeGaussian}</td><td>y = x·(1 + σ·n)</td><td>every call, every element</td></tr>
 *   <tr><td>{@link #shotNoise}</td><td>y = Poisson(g·x)/g, exact</td><td>every call, every element</td></tr>
 *   <tr><td>{@link #shotNoiseGaussian}</td><td>y = x + √(x/g)·n</td><td>every call, every element</td></tr>
 *   <tr><td>{@link #quantization}</td><td>round to 2^bits levels, clip</td><td>nothing (deterministic)</td></tr>
 *   <tr><td>{@link #linearDrift}</td><td>y = x + r·t</td><td>nothing (deterministic in the call count t)</td></tr>
 *   <tr><td>{@link #randomWalkDrift}</td><td>d(t+1) = d(t) + σ·n</td><td>every call: one step per drift channel</td></tr>
 *   <tr><td>{@link #pinkDrift}</td><td>1/f drift, rms σ</td><td>every call: one step per drift channel</td></tr>
 *   <tr><td>{@link #programmingError}</td><td>y = x·(1 + g_c) + o_c</td><td>once per instance, per channel</td></tr>
 *   <tr><td>{@link #neighbourCrosstalk}</td><td>y = M·x, M tridiagonal</td><td>once per instance</td></tr>
 *   <tr><td>{@link #crosstalk}</td><td>y = M·x, M given</td><td>nothing</td></tr>
 * </table>
 *
 * <p>Signals are batches [batch, ...]: a <em>channel</em> is one element of a sample (the sample flattened
 * row-major), and one {@link NoiseProcess#apply} call is one batched measurement. Processes with
 * per-channel state or fixed per-channel draws take their channel count from their first call and reject
 * another later. Values are float32 in and out; the arithmetic is done in double.
 */
@FunctionalInterface
public interface NoiseModel {
    /**
     * The process of one device instance. {@code rng} seeds both its fixed imperfections and its per-call
     * draws; the process keeps its own stream split from {@code rng} during this call and never uses
     * {@code rng} afterwards, so the caller may go on drawing from it.
     */
    NoiseProcess start(Rng rng);

    /**
     * This model followed by {@code next} (applied in that order on every call). Started with {@code rng},
     * this model starts on {@code rng.split()} and then {@code next} on a second {@code rng.split()}.
     */
    default NoiseModel then(NoiseModel next) {
        if (next == null) throw new NullPointerException("then(next): next is null; use NoiseModel.none() for no noise");
        return new Chain(this, next);
    }

    /** No noise at all: the signal is returned as it is. */
    static NoiseModel none() {
        return NoNoise.INSTANCE;
    }

    // ------------------------------------------------------------------ drawn on every call

    /**
     * Additive white Gaussian noise (read noise, thermal noise): y = x + σ·n with n ~ N(0, 1) drawn on every
     * call for every element.
     *
     * @param sigma standard deviation, in the signal's unit
     * @throws IllegalArgumentException if sigma is negative or not finite
     */
    static NoiseModel additiveGaussian(double sigma) {
        return new PerCallNoise.AdditiveGaussian(sigma);
    }

    /**
     * Multiplicative white Gaussian noise (gain or pump-power jitter): y = x·(1 + σ_rel·n) with n ~ N(0, 1)
     * drawn on every call for every element.
     *
     * @param relativeSigma standard deviation relative to the signal (0.01 is 1 %), dimensionless
     * @throws IllegalArgumentException if relativeSigma is negative or not finite
     */
    static NoiseModel multiplicativeGaussian(double relativeSigma) {
        return new PerCallNoise.MultiplicativeGaussian(relativeSigma);
    }

    /**
     * Shot noise, exact: the signal is an intensity whose detection counts N ~ Poisson(g·max(x, 0)) are drawn
     * on every call for every element, and y = N/g. So E[y] = x and Var[y] = x/g (Var N = E N), at any count
     * level, including fractions of a count. A detector counts no negative light: a negative signal reads 0.
     * Exact at every mean (inversion below 10 counts, Hörmann's PTRS rejection above: O(1) per draw).
     *
     * @param countsPerUnit g: detected counts (photons, electrons) per unit of signal
     * @throws IllegalArgumentException if countsPerUnit is not finite and positive
     */
    static NoiseModel shotNoise(double countsPerUnit) {
        return new PerCallNoise.ShotNoise(countsPerUnit, false);
    }

    /**
     * Shot noise in its Gaussian approximation, for large counts (g·x ≳ 100, where Poisson is within a few
     * percent of Gaussian): y = x + √(x/g)·n, n ~ N(0, 1) drawn on every call for every element; same mean
     * and variance as {@link #shotNoise}, continuous values. Where x ≤ 0 the signal is left as it is.
     *
     * @param countsPerUnit g: detected counts per unit of signal
     * @throws IllegalArgumentException if countsPerUnit is not finite and positive
     */
    static NoiseModel shotNoiseGaussian(double countsPerUnit) {
        return new PerCallNoise.ShotNoise(countsPerUnit, true);
    }

    /**
     * DAC or ADC quantization: 2^bits levels evenly spaced from {@code lo} to {@code hi} inclusive (one LSB
     * is (hi − lo)/(2^bits − 1)); a value is rounded to the nearest level (error ≤ LSB/2) and a value outside
     * [lo, hi] is clipped to the end level. Deterministic; NaN passes through.
     *
     * @param bits converter resolution, 1 to 24
     * @param lo   lowest level (full-scale minimum), in the signal's unit
     * @param hi   highest level (full-scale maximum), in the signal's unit
     * @throws IllegalArgumentException if bits is outside [1, 24], or lo ≥ hi, or either is not finite
     */
    static NoiseModel quantization(int bits, double lo, double hi) {
        return new PerCallNoise.Quantization(bits, lo, hi);
    }

    // ------------------------------------------------------------------ drift over calls

    /**
     * Linear drift: d(t) = r·t on call t = 0, 1, 2, ... (the first call is undrifted). Deterministic, so
     * {@link Drift#perChannel()} and {@link Drift#common()} give the same result.
     *
     * @param ratePerCall r, in the signal's unit per call (per relative gain per call if
     *                    {@link Drift#multiplicative()})
     * @throws IllegalArgumentException if the rate is not finite
     */
    static Drift linearDrift(double ratePerCall) {
        return Drift.linear(ratePerCall);
    }

    /**
     * Random-walk drift: d(0) = 0 and d(t+1) = d(t) + σ·n with a fresh n ~ N(0, 1) per call and per drift
     * channel, so Var d(t) = t·σ². Common to all channels unless {@link Drift#perChannel()}.
     *
     * @param sigmaPerCall σ, the step's standard deviation per call, in the signal's unit
     * @throws IllegalArgumentException if σ is negative or not finite
     */
    static Drift randomWalkDrift(double sigmaPerCall) {
        return Drift.randomWalk(sigmaPerCall);
    }

    /**
     * 1/f (pink) drift: the sum of K Ornstein-Uhlenbeck processes (discrete AR(1): z ← a·z + √(1−a²)·s·n, with
     * a = exp(−1/τ)) with time constants τ log-spaced, 3 per decade, from 1 call to
     * {@code longestTimeConstantCalls}, each of variance σ²/K. Equal variance per log-spaced τ makes the
     * power spectrum ∝ 1/f between about 1/(2π·τ_max) and 1/(2π) cycles per call, flat below and falling
     * as 1/f² above. The process is stationary from the first call (its state is drawn from the stationary
     * distribution at start), with rms σ at every call. Measured: the slope of a log-log periodogram
     * (Hann window, 16 channels averaged, τ_max = 10⁴ calls, 2¹⁶ calls) fitted between 10⁻³ and 3·10⁻² cycles
     * per call is −1.01 (−0.99 to −1.03 over seeds 1 to 5); over 10⁻³ to 10⁻¹, where the 1-call component
     * starts to roll off, −1.04 (see {@code DriftTest}). Common to all channels unless {@link Drift#perChannel()}.
     *
     * @param sigma                    rms of the drift, in the signal's unit
     * @param longestTimeConstantCalls τ_max, in calls (1 to 1e12): below 1/(2π·τ_max) cycles per call the
     *                                 spectrum flattens
     * @throws IllegalArgumentException if σ is negative or not finite, or τ_max is outside [1, 1e12]
     */
    static Drift pinkDrift(double sigma, double longestTimeConstantCalls) {
        return Drift.pink(sigma, longestTimeConstantCalls);
    }

    // ------------------------------------------------------------------ drawn once per device instance

    /**
     * Parameter programming error, fixed per device instance: y_c = x_c·(1 + g_c) + o_c, with a gain error
     * g_c ~ N(0, σ_g²) and an offset o_c ~ N(0, σ_o²) drawn <b>once per instance</b> for every channel c
     * (from the seed given to {@link #start}; materialized at the first call, when the channel count is
     * known) and identical on every later call. Meant for the values a device is programmed with (phase
     * shifters, heater voltages, spring constants): apply it to a parameter tensor with
     * {@link NoiseProcess#applyUnbatched}. On outputs it models a detector array's fixed-pattern mismatch.
     *
     * @param offsetSigma       σ_o, in the signal's unit
     * @param relativeGainSigma σ_g, relative (0.01 is 1 %)
     * @throws IllegalArgumentException if either is negative or not finite
     */
    static NoiseModel programmingError(double offsetSigma, double relativeGainSigma) {
        return new PerInstanceError.ProgrammingError(offsetSigma, relativeGainSigma);
    }

    /**
     * Crosstalk between neighbouring channels, fixed per device instance: y_i = x_i + κ_{i,i−1}·x_{i−1} +
     * κ_{i,i+1}·x_{i+1}, with every coupling κ ~ N(coupling, couplingSigma²) drawn <b>once per instance</b>
     * for each direction of each link (from the seed given to {@link #start}; materialized at the first
     * call) and identical on every later call. Neighbours are adjacent in the sample's row-major order; the
     * chain is open (no wrap-around). For two-dimensional arrays or any other pattern give the matrix to
     * {@link #crosstalk(Tensor)}.
     *
     * @param coupling      mean coupling, dimensionless (0.02 leaks 2 % of each neighbour in)
     * @param couplingSigma spread of the couplings between links and instances, dimensionless
     * @throws IllegalArgumentException if coupling is not finite or couplingSigma is negative or not finite
     */
    static NoiseModel neighbourCrosstalk(double coupling, double couplingSigma) {
        return new PerInstanceError.NeighbourCrosstalk(coupling, couplingSigma);
    }

    /**
     * Crosstalk with a given mixing matrix: y = M·x for every sample (y_i = Σ_j M_ij·x_j). Nothing is drawn:
     * every instance has the same M. The matrix is copied.
     *
     * @param mixing M [channels, channels], dimensionless
     * @throws org.pnn4j.tensor.ShapeMismatchException if M is not square, or (on a call) its size differs from
     *                                                 the signal's channels
     * @throws IllegalArgumentException if M has a NaN or infinite entry
     */
    static NoiseModel crosstalk(Tensor mixing) {
        return new PerInstanceError.GivenCrosstalk(mixing);
    }
}
