package org.pnn4j.noise;

import java.util.Locale;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/**
 * Drift over calls: an offset d(t) that evolves from one {@link NoiseProcess#apply call} to the next (a call
 * is one batched measurement, so every sample of a batch sees the same d(t)). Made by
 * {@link NoiseModel#linearDrift}, {@link NoiseModel#randomWalkDrift} and {@link NoiseModel#pinkDrift}; two
 * options, both shown by {@link #toString()}:
 * <ul>
 *   <li><b>scope</b>: {@link #common()} (the default) gives one drift shared by every channel, as a laser's
 *       power or a room's temperature; {@link #perChannel()} gives each channel (each element of a sample)
 *       its own independent drift, as detector offsets or heater-tuned phases;</li>
 *   <li><b>coupling</b>: {@link #additive()} (the default) gives y = x + d(t), d in the signal's unit;
 *       {@link #multiplicative()} gives y = x·(1 + d(t)), d a relative gain change.</li>
 * </ul>
 * The process draws on every call (random walk, 1/f); nothing of a drift is a fixed per-instance error,
 * except that a 1/f drift's state at the first call is drawn from its stationary distribution.
 */
public final class Drift implements NoiseModel {
    private enum Kind { LINEAR, RANDOM_WALK, PINK }

    /** Time constants per decade of the 1/f drift's Ornstein-Uhlenbeck components. */
    static final int COMPONENTS_PER_DECADE = 3;

    private final Kind kind;
    private final double amount;
    private final double longestCalls;
    private final boolean perChannel;
    private final boolean multiplicative;

    private Drift(Kind kind, double amount, double longestCalls, boolean perChannel, boolean multiplicative) {
        this.kind = kind;
        this.amount = amount;
        this.longestCalls = longestCalls;
        this.perChannel = perChannel;
        this.multiplicative = multiplicative;
    }

    static Drift linear(double ratePerCall) {
        return new Drift(Kind.LINEAR, Signals.finite("linearDrift: ratePerCall", ratePerCall), 0, false, false);
    }

    static Drift randomWalk(double sigmaPerCall) {
        return new Drift(Kind.RANDOM_WALK, Signals.nonNegative("randomWalkDrift: sigmaPerCall", sigmaPerCall), 0, false, false);
    }

    static Drift pink(double sigma, double longestTimeConstantCalls) {
        Signals.nonNegative("pinkDrift: sigma", sigma);
        if (!(longestTimeConstantCalls >= 1 && longestTimeConstantCalls <= 1e12))
            throw new IllegalArgumentException("pinkDrift: the longest time constant must be in [1, 1e12] calls, got " + longestTimeConstantCalls);
        return new Drift(Kind.PINK, sigma, longestTimeConstantCalls, false, false);
    }

    /** This drift with one independent drift process per channel (each element of a sample). */
    public Drift perChannel() {
        return new Drift(kind, amount, longestCalls, true, multiplicative);
    }

    /** This drift with one drift process shared by every channel (the default). */
    public Drift common() {
        return new Drift(kind, amount, longestCalls, false, multiplicative);
    }

    /** This drift as a relative gain change: y = x·(1 + d(t)). */
    public Drift multiplicative() {
        return new Drift(kind, amount, longestCalls, perChannel, true);
    }

    /** This drift as an offset in the signal's unit: y = x + d(t) (the default). */
    public Drift additive() {
        return new Drift(kind, amount, longestCalls, perChannel, false);
    }

    /** Whether each channel drifts on its own ({@link #perChannel()}) rather than all together. */
    public boolean isPerChannel() {
        return perChannel;
    }

    /** Whether the drift changes the gain ({@link #multiplicative()}) rather than the offset. */
    public boolean isMultiplicative() {
        return multiplicative;
    }

    /**
     * The time constants, in calls, of the Ornstein-Uhlenbeck components whose sum is the 1/f drift:
     * {@value #COMPONENTS_PER_DECADE} per decade, log-spaced from 1 call to the longest.
     */
    static double[] pinkTimeConstants(double longestCalls) {
        int k = Math.max(1, (int) Math.ceil(COMPONENTS_PER_DECADE * Math.log10(longestCalls)) + 1);
        double[] tau = new double[k];
        for (int i = 0; i < k; i++) tau[i] = k == 1 ? longestCalls : Math.pow(longestCalls, (double) i / (k - 1));
        return tau;
    }

    @Override
    public NoiseProcess start(Rng rng) {
        return new Process(rng.split());
    }

    private final class Process implements NoiseProcess {
        private final Rng own;
        private final Signals.Width width = new Signals.Width(Drift.this.toString());
        private long call;
        /** Random walk: the offset per drift channel. 1/f: component k of drift channel c at [c·K + k]. */
        private double[] state;
        private double[] decay, kick;

        Process(Rng own) {
            this.own = own;
        }

        @Override
        public Tensor apply(Tensor signal) {
            if (width.fix(signal)) init(perChannel ? width.channels() : 1);
            int c = width.channels(), n = perChannel ? c : 1;
            double[] d = offsets(n);
            float[] x = signal.array(), y = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                double di = d[n == 1 ? 0 : i % c];
                y[i] = (float) (multiplicative ? x[i] * (1 + di) : x[i] + di);
            }
            advance();
            call++;
            return Signals.like(signal, y);
        }

        private void init(int channels) {
            switch (kind) {
                case LINEAR -> state = null;
                case RANDOM_WALK -> state = new double[channels];
                case PINK -> {
                    double[] tau = pinkTimeConstants(longestCalls);
                    int k = tau.length;
                    double sigmaK = amount / Math.sqrt(k); // equal variance per component gives S(f) ∝ 1/f
                    decay = new double[k];
                    kick = new double[k];
                    for (int j = 0; j < k; j++) {
                        decay[j] = Math.exp(-1 / tau[j]);
                        kick[j] = sigmaK * Math.sqrt(1 - decay[j] * decay[j]);
                    }
                    state = new double[channels * k];
                    for (int i = 0; i < state.length; i++) state[i] = sigmaK * own.nextGaussian(); // stationary start
                }
            }
        }

        private double[] offsets(int n) {
            double[] d = new double[n];
            switch (kind) {
                case LINEAR -> java.util.Arrays.fill(d, amount * call);
                case RANDOM_WALK -> System.arraycopy(state, 0, d, 0, n);
                case PINK -> {
                    int k = decay.length;
                    for (int c = 0; c < n; c++) {
                        double s = 0;
                        for (int j = 0; j < k; j++) s += state[c * k + j];
                        d[c] = s;
                    }
                }
            }
            return d;
        }

        @Override
        public void saveState(java.io.DataOutput out) throws java.io.IOException {
            out.writeInt(width.channels());
            out.writeLong(call);
            Signals.writeRng(out, own);
            out.writeInt(state == null ? -1 : state.length);
            if (state != null) for (double v : state) out.writeDouble(v);
        }

        @Override
        public void restoreState(java.io.DataInput in) throws java.io.IOException {
            int channels = in.readInt();
            if (channels >= 0) {
                width.set(channels);
                init(perChannel ? channels : 1); // the derived constants; the stream and state are overwritten below
            }
            call = in.readLong();
            Signals.readRng(in, own);
            int n = in.readInt();
            if (n >= 0) {
                if (state == null || state.length != n)
                    throw new java.io.IOException(Drift.this + ": saved drift state has " + n + " values, this process has "
                            + (state == null ? "none" : state.length));
                for (int i = 0; i < n; i++) state[i] = in.readDouble();
            }
        }

        private void advance() {
            switch (kind) {
                case LINEAR -> { }
                case RANDOM_WALK -> {
                    for (int i = 0; i < state.length; i++) state[i] += amount * own.nextGaussian();
                }
                case PINK -> {
                    int k = decay.length;
                    for (int i = 0; i < state.length; i++) state[i] = decay[i % k] * state[i] + kick[i % k] * own.nextGaussian();
                }
            }
        }
    }

    @Override
    public String toString() {
        String base = switch (kind) {
            case LINEAR -> "linearDrift(" + Signals.num(amount) + ")";
            case RANDOM_WALK -> "randomWalkDrift(" + Signals.num(amount) + ")";
            case PINK -> String.format(Locale.ROOT, "pinkDrift(%s, %s)", Signals.num(amount), Signals.num(longestCalls));
        };
        return base + (perChannel ? ".perChannel()" : ".common()") + (multiplicative ? ".multiplicative()" : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Drift d && kind == d.kind && amount == d.amount && longestCalls == d.longestCalls
                && perChannel == d.perChannel && multiplicative == d.multiplicative;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(kind, amount, longestCalls, perChannel, multiplicative);
    }
}
