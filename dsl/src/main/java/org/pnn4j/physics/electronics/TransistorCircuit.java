package org.pnn4j.physics.electronics;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.pnn4j.physics.ParameterSpec;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.SimulatedDevice;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.Function;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;

/**
 * A common-emitter bipolar transistor stage with a resonant collector load, driven by one time-dependent voltage:
 * pnn4j's model of the transistor-based nonlinear circuit of the physics-aware training paper's electronic network
 * (Wright et al., Nature 2022, Fig. 4), modelled on the paper's description (a transistor in an RLC oscillator,
 * inputs and parameters as segments of one drive voltage, the output the sampled voltage transient). The paper's exact
 * schematic and component values were not available to us: the topology below and its values are our choice, made to
 * give a trainable layer. Its sibling {@link DiodeCircuit} is a diode-clipped series RLC.
 *
 * <p><b>Circuit.</b> The drive u(t) (V) plus a DC bias V_bias feeds the base through R_B; the emitter is grounded; the
 * collector is fed from the supply V_CC through R and L in series, with C from the collector to ground. The transistor
 * is the Ebers-Moll transport model (no Early effect, no junction capacitances), the base voltage algebraic:
 * <pre>
 *   (u + V_bias − v_BE)/R_B = (Is/β_F)(exp(v_BE/Vt) − 1) + (Is/β_R)(exp(v_BC/Vt) − 1),   v_BC = v_BE − v_C
 *   i_C = Is(exp(v_BE/Vt) − exp(v_BC/Vt)) − (Is/β_R)(exp(v_BC/Vt) − 1)
 *   L di/dt = V_CC − R·i − v_C,   C dv_C/dt = i − i_C</pre>
 * State: i (A), the current through R and L into the collector node, and v_C (V), the collector voltage; Vt = kT/q.
 * The exponential transconductance sets the small-signal gain; the transistor cuts off when u + V_bias falls below
 * about 0.6 V (i_C → 0: the tank rings freely toward V_CC) and saturates when v_C falls toward 0.1 V (the
 * base-collector junction conducts and clamps v_C near 0 V), so large drives clip at both ends. The integration starts
 * at the DC operating point of u = 0 ({@link #operatingPoint()}), so the transient is the drive's alone. The output is
 * v_C − v_C0 (V) sampled at {@link #outputSize()} equally spaced times: output k at t = (k+1)·T/K, T the total drive
 * duration.
 *
 * <p><b>Drive encoding</b> (as for {@link DiodeCircuit}): u(t) is piecewise constant over segments of
 * {@link #segmentDuration()} s; the first {@code inputs} segments carry the sample's inputs (V), the next
 * {@code parameterSegments} the trainable parameter {@code "drive"} (V), or interleaved among them
 * ({@link #interleaved(boolean)}).
 *
 * <p><b>Stiffness and method.</b> A conducting junction's conductance Is/Vt·exp(v/Vt) is stiff, so we use the
 * implicit trapezoidal rule (A-stable, second order) with a Newton iteration per step on the new collector and base
 * voltages (junction steps limited, with a bisection-safeguarded fallback; converged to 1e-13 V), and a fixed step
 * of segmentDuration/stepsPerSegment (default 100 µs / 40 = 2.5 µs, ω₀h = 0.025). The gradient is the exact adjoint
 * of the discrete steps (a {@link Function}; one 2×2 solve per step), with respect to the inputs and the drive.
 *
 * <p><b>Defaults</b>: V_CC = 5 V, R = 250 Ω, L = 0.1 H, C = 0.1 µF (f₀ = 1/(2π√(LC)) = 1.59 kHz,
 * Z₀ = √(L/C) = 1 kΩ, Q = Z₀/R = 4), R_B = 20 kΩ, V_bias = 1.5 V, Is = 10 fA, β_F = 100, β_R = 1, T = 300 K:
 * operating point I_C0 = 4.05 mA, v_C0 = 3.99 V, v_BE0 = 0.691 V; small-signal gain dI_C/du ≈ β_F/(R_B + r_π)
 * = 4.85 mA/V (r_π = β_F·Vt/I_C0 = 640 Ω). A step of the drive moves v_C by about Z₀·ΔI_C (4.8 V per volt of drive), so drives within about
 * ±0.5 V keep the transistor active, and the extremes of the default range [−1, 1] V cut it off (u ≲ −0.8 V) or
 * saturate it. With random inputs and drive uniform in [−1, 1] V the transistor is active in most steps and
 * saturated or cut off in the rest (86%, 7% and 7% of the steps, measured in {@code TransistorCircuitTest}),
 * and v_C swings between about −0.2 V and 12 V. 4 inputs, 4 drive segments,
 * 4 outputs.
 *
 * <p><b>Physical device</b>: fabrication mismatch drawn once from the device's seed: β_F·exp(σ_β·N) (default
 * σ_β = 0.05) and a resonance frequency f₀·exp(σ_f·N) (through C; default σ_f = 0.01); the device reads v_C relative
 * to its own operating point (the readout is zeroed at u = 0, as an AC-coupled or calibrated readout is). Johnson
 * noise of R as a series voltage in the supply branch, white with density 4kTR V²/Hz up to the integrator's Nyquist
 * frequency Δf = 1/(2h), drawn independently per step with variance 4kTR·Δf (R_B's noise is not modelled); a readout
 * amplifier whose gain random-walks over calls (default step 1e-3 per call, starting at 1); a 12-bit ADC over
 * [−fullScale, fullScale] (default 8 V) that rounds to the nearest code and saturates at the ends. With the defaults
 * the Johnson noise is √(4kTRΔf) = 0.91 µV rms per step ({@link #johnsonNoiseRms()}) and one ADC step is
 * 16 V / 4096 = 3.9 mV ({@link #adcStep()}): the deviations of a default device from the model are the mismatch, the
 * ADC's rounding and the gain drift. {@link #flawless()} removes all of them.
 *
 * <p>Immutable: every option returns a new circuit.
 */
public final class TransistorCircuit implements Substrate {
    private final TransistorCircuitOptions o;
    private final int inputs, parameterSegments, outputs, steps;
    private final double segment, driveMax;

    private TransistorCircuit(TransistorCircuitOptions options) {
        this.o = options;
        inputs = o.inputs(); parameterSegments = o.parameterSegments(); outputs = o.outputs(); steps = o.stepsPerSegment();
        segment = o.segmentDuration(); driveMax = o.driveAmplitude();
    }

    /** The default circuit (see the class doc). */
    public static TransistorCircuit of() {
        return new TransistorCircuit(TransistorCircuitOptions.builder().build());
    }

    /** A circuit with these options (validated when they were built). */
    public static TransistorCircuit of(TransistorCircuitOptions options) {
        return new TransistorCircuit(java.util.Objects.requireNonNull(options, "options"));
    }

    /** This circuit's options, one immutable value. */
    public TransistorCircuitOptions options() {
        return o;
    }

    /** A copy with one change to the options, validated by {@link TransistorCircuitOptions.Builder#build()}. */
    private TransistorCircuit with(java.util.function.UnaryOperator<TransistorCircuitOptions.Builder> change) {
        return new TransistorCircuit(change.apply(o.toBuilder()).build());
    }

    /** This circuit with supply voltage {@code volts} (V). */
    public TransistorCircuit supplyVoltage(double volts) { return with(b -> b.optSupplyVoltage(volts)); }

    /** This circuit with collector-load series resistance {@code ohms} (Ω). */
    public TransistorCircuit resistance(double ohms) { return with(b -> b.optResistance(ohms)); }

    /** This circuit with collector-load inductance {@code henries} (H). */
    public TransistorCircuit inductance(double henries) { return with(b -> b.optInductance(henries)); }

    /** This circuit with collector capacitance {@code farads} (F). */
    public TransistorCircuit capacitance(double farads) { return with(b -> b.optCapacitance(farads)); }

    /** This circuit with base resistor {@code ohms} (Ω). */
    public TransistorCircuit baseResistance(double ohms) { return with(b -> b.optBaseResistance(ohms)); }

    /** This circuit with DC bias {@code volts} (V) added to the drive. */
    public TransistorCircuit biasVoltage(double volts) { return with(b -> b.optBiasVoltage(volts)); }

    /** This circuit with transistor saturation current {@code amperes} (A). */
    public TransistorCircuit saturationCurrent(double amperes) { return with(b -> b.optSaturationCurrent(amperes)); }

    /** This circuit with forward current gain β_F. */
    public TransistorCircuit forwardBeta(double beta) { return with(b -> b.optForwardBeta(beta)); }

    /** This circuit with reverse current gain β_R. */
    public TransistorCircuit reverseBeta(double beta) { return with(b -> b.optReverseBeta(beta)); }

    /** This circuit at {@code kelvin} (sets the thermal voltage kT/q and the Johnson noise). */
    public TransistorCircuit temperature(double kelvin) { return with(b -> b.optTemperature(kelvin)); }

    /** This circuit with {@code count} inputs (input segments). */
    public TransistorCircuit inputs(int count) { return with(b -> b.optInputs(count)); }

    /** This circuit with its parameter segments spread among the input segments ({@link TransistorCircuitOptions#interleaved()}). */
    public TransistorCircuit interleaved(boolean on) { return with(b -> b.optInterleaved(on)); }

    /** This circuit with {@code count} trainable drive segments (0 allowed). */
    public TransistorCircuit parameterSegments(int count) { return with(b -> b.optParameterSegments(count)); }

    /** This circuit read at {@code count} equally spaced times. */
    public TransistorCircuit outputs(int count) { return with(b -> b.optOutputs(count)); }

    /** This circuit with drive segments of {@code seconds}. */
    public TransistorCircuit segmentDuration(double seconds) { return with(b -> b.optSegmentDuration(seconds)); }

    /** This circuit with {@code count} trapezoidal steps per segment. */
    public TransistorCircuit stepsPerSegment(int count) { return with(b -> b.optStepsPerSegment(count)); }

    /** This circuit accepting inputs and drive parameters in [−volts, volts]. */
    public TransistorCircuit driveAmplitude(double volts) { return with(b -> b.optDriveAmplitude(volts)); }

    /**
     * This circuit whose devices digitize with a {@code bits}-bit ADC over [−fullScaleVolts, fullScaleVolts];
     * {@code bits = 0} reads the analog value.
     */
    public TransistorCircuit adc(int bits, double fullScaleVolts) { return with(b -> b.optAdc(bits, fullScaleVolts)); }

    /** This circuit whose devices' readout gain random-walks by {@code perCall} (std, relative) per call. */
    public TransistorCircuit gainDrift(double perCall) { return with(b -> b.optGainDrift(perCall)); }

    /** This circuit with (true) or without (false) the load resistor's Johnson noise in its devices. */
    public TransistorCircuit johnsonNoise(boolean on) { return with(b -> b.optJohnsonNoise(on)); }

    /**
     * This circuit whose devices differ from the model by relative spreads {@code beta} of β_F and {@code resonance}
     * of the resonance frequency (log-normal, drawn from the device's seed; 0 for none).
     */
    public TransistorCircuit mismatch(double beta, double resonance) { return with(b -> b.optMismatch(beta, resonance)); }

    /** This circuit whose devices have no Johnson noise, no ADC, no gain drift and no mismatch (they reproduce the model). */
    public TransistorCircuit flawless() { return with(TransistorCircuitOptions.Builder::optFlawless); }

    /** The step, s. */
    public double timeStep() { return segment / steps; }

    /** The segment duration, s. */
    public double segmentDuration() { return segment; }

    /** The thermal voltage kT/q, V. */
    public double thermalVoltage() { return DiodeCircuit.BOLTZMANN * o.temperature() / DiodeCircuit.ELEMENTARY_CHARGE; }

    /** The collector load's resonance frequency 1/(2π√(LC)), Hz. */
    public double resonanceFrequency() { return 1 / (2 * Math.PI * Math.sqrt(o.inductance() * o.capacitance())); }

    /** The collector load's quality factor √(L/C)/R. */
    public double qualityFactor() { return Math.sqrt(o.inductance() / o.capacitance()) / o.resistance(); }

    /** The noise bandwidth assumed for Johnson noise, Δf = 1/(2h), Hz. */
    public double noiseBandwidth() { return 1 / (2 * timeStep()); }

    /** The rms Johnson noise voltage of R over {@link #noiseBandwidth()}, √(4kTRΔf), V. */
    public double johnsonNoiseRms() { return Math.sqrt(4 * DiodeCircuit.BOLTZMANN * o.temperature() * o.resistance() * noiseBandwidth()); }

    /** One ADC step (least significant bit), V; 0 without an ADC. */
    public double adcStep() { return Adc.step(o.adcBits(), o.adcFullScale()); }

    /**
     * The DC state at zero drive, from which every integration starts.
     *
     * @param collectorCurrent   I_C0, A
     * @param collectorVoltage   v_C0 = V_CC − R·I_C0, V
     * @param baseEmitterVoltage v_BE0, V
     * @param baseCurrent        I_B0 = (V_bias − v_BE0)/R_B, A
     */
    public record OperatingPoint(double collectorCurrent, double collectorVoltage, double baseEmitterVoltage, double baseCurrent) {}

    /** The model's DC operating point at u = 0 (solved to 1e-13 V). */
    public OperatingPoint operatingPoint() {
        double[] op = BjtIntegrator.operatingPoint(circuit());
        return new OperatingPoint(op[0], op[1], op[2], (o.biasVoltage() - op[2]) / o.baseResistance());
    }

    /** Times at which the outputs are read, s. */
    public double[] outputTimes() {
        int[] s = sampleSteps();
        double[] t = new double[s.length];
        for (int k = 0; k < s.length; k++) t[k] = s[k] * timeStep();
        return t;
    }

    private int segments() { return inputs + parameterSegments; }

    private int totalSteps() { return segments() * steps; }

    private int[] sampleSteps() {
        return org.pnn4j.physics.DriveLayout.sampleSteps(totalSteps(), outputs);
    }

    private BjtIntegrator.Circuit circuit() {
        return circuit(o.forwardBeta(), o.capacitance());
    }

    private BjtIntegrator.Circuit circuit(double betaF, double capacitance) {
        return new BjtIntegrator.Circuit(o.supplyVoltage(), o.resistance(), o.inductance(), capacitance, o.baseResistance(),
                o.biasVoltage(), o.saturationCurrent(), betaF, o.reverseBeta(), thermalVoltage());
    }

    @Override
    public String name() { return "transistor(" + inputs + ", " + outputs + ")"; }

    @Override
    public int inputSize() { return inputs; }

    @Override
    public int outputSize() { return outputs; }

    @Override
    public double inputMin() { return -driveMax; }

    @Override
    public double inputMax() { return driveMax; }

    /** One parameter, {@code "drive"} [parameterSegments] in V, initialized uniformly in half its range. */
    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ParameterSpec.uniform("drive", -driveMax, driveMax, -driveMax / 2, driveMax / 2, "V", parameterSegments));
    }

    private Tensor driveSegments(Tensor x, Params theta) {
        if (x.rank() != 2 || x.dim(1) != inputs)
            throw new ShapeMismatchException("substrate '" + name() + "' expects inputs [batch, " + inputs + "], got shape "
                    + Arrays.toString(x.shape()));
        if (parameterSegments == 0) return x;
        return org.pnn4j.physics.DriveLayout.segments(x, theta.get("drive"), o.interleaved());
    }

    /**
     * The ideal circuit: trapezoidal integration of the nominal circuit without noise, differentiable through the
     * adjoint of the discrete steps.
     *
     * @throws ShapeMismatchException if x is not [batch, inputs]
     * @throws IllegalStateException  if a Newton iteration fails to converge
     */
    @Override
    public Tensor model(Tensor x, Params theta) {
        return integrate(circuit(), null).apply(driveSegments(x, theta));
    }

    /**
     * One sample's trajectory for tests: {v_C per step (N+1), v_BE at the start of each step under its drive (N),
     * v_BE at its end (N)}, V, for drive segments {@code u} [segments].
     */
    double[][] trace(double[] u) {
        double[] d = new double[totalSteps()], v = new double[d.length + 1], bo = new double[d.length], bn = new double[d.length];
        for (int t = 0; t < d.length; t++) d[t] = u[t / steps];
        BjtIntegrator.Circuit k = circuit();
        BjtIntegrator.forward(k, BjtIntegrator.operatingPoint(k), d, null, timeStep(), sampleSteps(), v, bo, bn, new double[outputs]);
        return new double[][] {v, bo, bn};
    }

    /** The package's transistor equations for this circuit (tests check them against the Ebers-Moll formulas). */
    BjtIntegrator.Circuit equations() {
        return circuit();
    }

    /** The integration op on segments [batch, segments] of circuit k; {@code stepNoise}, if given, adds a supply-branch voltage per step. */
    private Function integrate(BjtIntegrator.Circuit k, double[][] stepNoise) {
        int[] sample = sampleSteps();
        double h = timeStep();
        int segs = segments(), total = totalSteps();
        double[] op = BjtIntegrator.operatingPoint(k);
        return Function.of("transistor circuit trapezoid", in -> {
            float[] u = in[0].array();
            int batch = in[0].dim(0);
            float[] y = new float[batch * outputs];
            double[] out = new double[outputs];
            for (int s = 0; s < batch; s++) {
                BjtIntegrator.forward(k, op, perStep(u, s, segs, total), stepNoise == null ? null : stepNoise[s], h, sample,
                        null, null, null, out);
                for (int j = 0; j < outputs; j++) y[s * outputs + j] = (float) out[j];
            }
            return Tensor.wrap(y, batch, outputs);
        }, (in, out, g) -> {
            float[] u = in[0].array(), gy = g.array();
            int batch = in[0].dim(0);
            float[] gu = new float[batch * segs];
            double[] o = new double[outputs], gk = new double[outputs], vs = new double[total + 1], bo = new double[total], bn = new double[total];
            for (int s = 0; s < batch; s++) {
                double[] d = perStep(u, s, segs, total);
                BjtIntegrator.forward(k, op, d, null, h, sample, vs, bo, bn, o);
                for (int j = 0; j < outputs; j++) gk[j] = gy[s * outputs + j];
                double[] r = BjtIntegrator.adjoint(k, d, h, sample, vs, bo, bn, gk);
                for (int t = 0; t < total; t++) gu[s * segs + t / steps] += (float) r[t];
            }
            return new Tensor[] {Tensor.wrap(gu, batch, segs)};
        });
    }

    private double[] perStep(float[] u, int sample, int segs, int total) {
        double[] d = new double[total];
        for (int t = 0; t < total; t++) d[t] = u[sample * segs + t / steps];
        return d;
    }

    @Override
    public Device device(long seed) {
        return new Device(this, seed);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: V_CC = %.4g V, R = %.4g Ω, L = %.4g H, C = %.4g F, R_B = %.4g Ω, V_bias = %.4g V, "
                        + "Is = %.3g A, β_F = %.4g, β_R = %.4g, %d + %d segments of %.3g s",
                name(), o.supplyVoltage(), o.resistance(), o.inductance(), o.capacitance(), o.baseResistance(), o.biasVoltage(),
                o.saturationCurrent(), o.forwardBeta(), o.reverseBeta(), inputs, parameterSegments, segment);
    }

    /**
     * One simulated circuit: its own β_F and resonance (fabrication mismatch drawn from the seed), Johnson noise in
     * the supply branch, a drifting readout gain, and the ADC.
     */
    public static final class Device extends SimulatedDevice {
        private final TransistorCircuit circuit;
        private final double betaF, capacitance;
        private double gain = 1;

        private Device(TransistorCircuit circuit, long seed) {
            super(circuit, seed);
            this.circuit = circuit;
            TransistorCircuitOptions o = circuit.o;
            betaF = o.forwardBeta() * Math.exp(o.betaMismatch() * rng.nextGaussian());
            capacitance = o.capacitance() * Math.exp(-2 * o.resonanceMismatch() * rng.nextGaussian());
        }

        /** The readout amplifier's current gain (1 before the first call). */
        public double gain() {
            return gain;
        }

        /** This device's forward current gain β_F (the model's, with its fabrication mismatch). */
        public double forwardBeta() {
            return betaF;
        }

        /** This device's collector-load resonance frequency, Hz (the model's, with its fabrication mismatch). */
        public double resonanceFrequency() {
            return 1 / (2 * Math.PI * Math.sqrt(circuit.o.inductance() * capacitance));
        }

        @Override
        protected void saveMoreState(java.io.DataOutput out) throws java.io.IOException {
            out.writeDouble(gain);
        }

        @Override
        protected void restoreMoreState(java.io.DataInput in) throws java.io.IOException {
            gain = in.readDouble();
        }

        @Override
        protected Tensor realize(Tensor x, Params theta) {
            int batch = x.dim(0), total = circuit.totalSteps();
            double[][] noise = null;
            if (circuit.o.johnsonNoise()) {
                double sd = circuit.johnsonNoiseRms();
                noise = new double[batch][total];
                for (double[] row : noise) for (int t = 0; t < total; t++) row[t] = sd * rng.nextGaussian();
            }
            float[] y = circuit.integrate(circuit.circuit(betaF, capacitance), noise).apply(circuit.driveSegments(x, theta)).toArray();
            Adc.read(y, gain, circuit.o.adcBits(), circuit.o.adcFullScale());
            gain += circuit.o.gainDrift() * rng.nextGaussian();
            return Tensor.wrap(y, batch, circuit.outputs);
        }
    }
}
