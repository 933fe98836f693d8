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
 * A series RLC circuit driven by a voltage source u(t), with a diode across the capacitor: pnn4j's own
 * nonlinear electronic substrate, a diode-clipped resonator chosen as a small stiff nonlinear circuit that
 * trains well. It is <em>not</em> the physics-aware training paper's circuit: the paper's electronic network
 * (Wright et al., Nature 2022, Fig. 4) was a transistor-based nonlinear circuit driven by a time-dependent
 * voltage and read out on an oscilloscope; only that encoding (inputs and parameters as segments of one drive
 * voltage, outputs as the sampled transient) is the same here. Equations:
 * <pre>  L di/dt = u − R·i − v,   C dv/dt = i − Is·(exp(v/(n·Vt)) − 1)</pre>
 * from rest (i = v = 0). The output is the capacitor voltage v (V) sampled at {@link #outputSize()} equally
 * spaced times: output k at t = (k+1)·T/K, T the total drive duration.
 *
 * <p><b>Drive encoding</b> (as for the plate): u(t) is piecewise constant over segments of
 * {@link #segmentDuration()} s; the first {@code inputs} segments carry the sample's inputs (V), the next
 * {@code parameterSegments} the trainable parameter {@code "drive"} (V).
 *
 * <p><b>Stiffness and method.</b> When the diode conducts, its conductance Is/(nVt)·exp(v/nVt) makes the
 * time constant C/G_D fall to microseconds and below, so explicit schemes would need tiny steps. We use the
 * implicit trapezoidal rule (A-stable, second order, SPICE's default) with a Newton iteration per step
 * (safeguarded by bisection, converged to 1e-13 V), and a fixed step of segmentDuration/stepsPerSegment
 * (default 100 µs / 40 = 2.5 µs, ω₀h = 0.025). The gradient is the exact adjoint of the discrete trapezoidal
 * steps (a {@link Function}; one 2×2 solve per step).
 *
 * <p><b>Defaults</b>: R = 20 Ω, L = 10 mH, C = 1 µF (f₀ = 1.59 kHz, Q = 5), Is = 10 fA, n = 1, T = 300 K,
 * inputs and drive in [−2, 2] V, 4 inputs, 4 drive segments, 4 outputs.
 *
 * <p><b>Physical device</b>: Johnson noise of R as a series voltage source, white with density 4kTR V²/Hz up
 * to the integrator's Nyquist frequency Δf = 1/(2h) (the assumption: the circuit's own bandwidth, ~f₀, is far
 * below Δf, so the noise the circuit passes does not depend on the cut-off), drawn independently per step
 * with variance 4kTR·Δf; a readout amplifier whose gain random-walks over calls (default step 1e-3 per call,
 * starting at 1); a 12-bit ADC over [−fullScale, fullScale] (default 4 V) that rounds to the nearest code and
 * saturates at the ends.
 *
 * <p><b>Which noise matters.</b> With the defaults the Johnson noise is √(4kTRΔf) = √(4 · 1.38·10⁻²³ J/K · 300 K ·
 * 20 Ω · 200 kHz) = 0.26 µV rms per step ({@link #johnsonNoiseRms()}), while one ADC step is 8 V / 4096 = 1.95 mV
 * ({@link #adcStep()}): the thermal noise is about 10⁴ (7.6·10³) below the quantization step, so a default device's
 * deviations from the model are the ADC's rounding and the readout gain's drift, and the thermal noise only
 * decides codes that lie within a fraction of a microvolt of a rounding threshold.
 *
 * <p>Immutable: every option returns a new circuit.
 */
public final class DiodeCircuit implements Substrate {
    /** Boltzmann constant, J/K. */
    public static final double BOLTZMANN = 1.380649e-23;
    /** Elementary charge, C. */
    public static final double ELEMENTARY_CHARGE = 1.602176634e-19;

    private final DiodeCircuitOptions o;
    private final int inputs, parameterSegments, outputs, steps;
    private final double segment, driveMax;

    private DiodeCircuit(DiodeCircuitOptions options) {
        this.o = options;
        inputs = o.inputs(); parameterSegments = o.parameterSegments(); outputs = o.outputs(); steps = o.stepsPerSegment();
        segment = o.segmentDuration(); driveMax = o.driveAmplitude();
    }

    /** The default circuit (see the class doc). */
    public static DiodeCircuit of() {
        return new DiodeCircuit(DiodeCircuitOptions.builder().build());
    }

    /**
     * A circuit with resistance {@code ohms}, inductance {@code henries}, capacitance {@code farads}, other
     * settings default.
     *
     * @throws IllegalArgumentException if a value is not positive
     */
    public static DiodeCircuit of(double ohms, double henries, double farads) {
        return of(DiodeCircuitOptions.builder().optResistance(ohms).optInductance(henries).optCapacitance(farads).build());
    }

    /** A circuit with these options (validated when they were built). */
    public static DiodeCircuit of(DiodeCircuitOptions options) {
        return new DiodeCircuit(java.util.Objects.requireNonNull(options, "options"));
    }

    /** This circuit's options, one immutable value. */
    public DiodeCircuitOptions options() {
        return o;
    }

    /** A copy with one change to the options, validated by {@link DiodeCircuitOptions.Builder#build()}. */
    private DiodeCircuit with(java.util.function.UnaryOperator<DiodeCircuitOptions.Builder> change) {
        return new DiodeCircuit(change.apply(o.toBuilder()).build());
    }

    /** This circuit with series resistance {@code ohms} (Ω). */
    public DiodeCircuit resistance(double ohms) { return with(b -> b.optResistance(ohms)); }

    /** This circuit with inductance {@code henries} (H). */
    public DiodeCircuit inductance(double henries) { return with(b -> b.optInductance(henries)); }

    /** This circuit with capacitance {@code farads} (F). */
    public DiodeCircuit capacitance(double farads) { return with(b -> b.optCapacitance(farads)); }

    /** This circuit with diode saturation current {@code amperes} (A); a tiny value (1e-30) switches the diode off. */
    public DiodeCircuit saturationCurrent(double amperes) { return with(b -> b.optSaturationCurrent(amperes)); }

    /** This circuit with diode ideality factor {@code n} (typically 1–2). */
    public DiodeCircuit idealityFactor(double factor) { return with(b -> b.optIdealityFactor(factor)); }

    /** This circuit at {@code kelvin} (sets the thermal voltage kT/q and the Johnson noise). */
    public DiodeCircuit temperature(double kelvin) { return with(b -> b.optTemperature(kelvin)); }

    /** This circuit with {@code count} inputs (input segments). */
    public DiodeCircuit inputs(int count) { return with(b -> b.optInputs(count)); }

    /** This circuit with its parameter segments spread among the input segments ({@link DiodeCircuitOptions#interleaved()}). */
    public DiodeCircuit interleaved(boolean on) { return with(b -> b.optInterleaved(on)); }

    /** This circuit with {@code count} trainable drive segments after the inputs (0 allowed). */
    public DiodeCircuit parameterSegments(int count) { return with(b -> b.optParameterSegments(count)); }

    /** This circuit read at {@code count} equally spaced times. */
    public DiodeCircuit outputs(int count) { return with(b -> b.optOutputs(count)); }

    /** This circuit with drive segments of {@code seconds}. */
    public DiodeCircuit segmentDuration(double seconds) { return with(b -> b.optSegmentDuration(seconds)); }

    /** This circuit with {@code count} trapezoidal steps per segment. */
    public DiodeCircuit stepsPerSegment(int count) { return with(b -> b.optStepsPerSegment(count)); }

    /** This circuit accepting inputs and drive parameters in [−volts, volts]. */
    public DiodeCircuit driveAmplitude(double volts) { return with(b -> b.optDriveAmplitude(volts)); }

    /**
     * This circuit whose devices digitize with a {@code bits}-bit ADC over [−fullScaleVolts, fullScaleVolts];
     * {@code bits = 0} reads the analog value.
     */
    public DiodeCircuit adc(int bits, double fullScaleVolts) { return with(b -> b.optAdc(bits, fullScaleVolts)); }

    /** This circuit whose devices' readout gain random-walks by {@code perCall} (std, relative) per call. */
    public DiodeCircuit gainDrift(double perCall) { return with(b -> b.optGainDrift(perCall)); }

    /** This circuit with (true) or without (false) the resistor's Johnson noise in its devices. */
    public DiodeCircuit johnsonNoise(boolean on) { return with(b -> b.optJohnsonNoise(on)); }

    /** This circuit whose devices have no Johnson noise, no ADC and no gain drift (they reproduce the model). */
    public DiodeCircuit flawless() { return with(DiodeCircuitOptions.Builder::optFlawless); }

    /** The step, s. */
    public double timeStep() { return segment / steps; }

    /** The segment duration, s. */
    public double segmentDuration() { return segment; }

    /** The thermal voltage kT/q, V. */
    public double thermalVoltage() { return BOLTZMANN * o.temperature() / ELEMENTARY_CHARGE; }

    /** The noise bandwidth assumed for Johnson noise, Δf = 1/(2h), Hz. */
    public double noiseBandwidth() { return 1 / (2 * timeStep()); }

    /** The rms Johnson noise voltage of R over {@link #noiseBandwidth()}, √(4kTRΔf), V. */
    public double johnsonNoiseRms() { return Math.sqrt(4 * BOLTZMANN * o.temperature() * o.resistance() * noiseBandwidth()); }

    /** One ADC step (least significant bit), V; 0 without an ADC. */
    public double adcStep() { return Adc.step(o.adcBits(), o.adcFullScale()); }

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

    private TrapezoidIntegrator.Circuit circuit() {
        return new TrapezoidIntegrator.Circuit(o.resistance(), o.inductance(), o.capacitance(), o.saturationCurrent(), o.idealityFactor() * thermalVoltage());
    }

    @Override
    public String name() { return "electronic(" + inputs + ", " + outputs + ")"; }

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
        Tensor d = theta.get("drive");
        return org.pnn4j.physics.DriveLayout.segments(x, d, o.interleaved());
    }

    /**
     * The ideal circuit: trapezoidal integration of the nominal circuit without noise, differentiable through
     * the adjoint of the discrete steps.
     *
     * @throws ShapeMismatchException if x is not [batch, inputs]
     * @throws IllegalStateException  if a Newton iteration fails to converge
     */
    @Override
    public Tensor model(Tensor x, Params theta) {
        return integrate(null).apply(driveSegments(x, theta));
    }

    /** The integration op on segments [batch, segments]; {@code stepNoise}, if given, adds a series voltage per step. */
    private Function integrate(double[][] stepNoise) {
        TrapezoidIntegrator.Circuit k = circuit();
        int[] sample = sampleSteps();
        double h = timeStep();
        int segs = segments(), total = totalSteps();
        return Function.of("diode circuit trapezoid", in -> {
            float[] u = in[0].array();
            int batch = in[0].dim(0);
            float[] y = new float[batch * outputs];
            double[] out = new double[outputs];
            for (int s = 0; s < batch; s++) {
                double[] steps = perStep(u, s, segs, total, stepNoise == null ? null : stepNoise[s]);
                TrapezoidIntegrator.forward(k, steps, h, sample, null, null, out);
                for (int j = 0; j < outputs; j++) y[s * outputs + j] = (float) out[j];
            }
            return Tensor.wrap(y, batch, outputs);
        }, (in, out, g) -> {
            float[] u = in[0].array(), gy = g.array();
            int batch = in[0].dim(0);
            float[] gu = new float[batch * segs];
            double[] o = new double[outputs], gk = new double[outputs], is = new double[total + 1], vs = new double[total + 1];
            for (int s = 0; s < batch; s++) {
                double[] steps = perStep(u, s, segs, total, null);
                TrapezoidIntegrator.forward(k, steps, h, sample, is, vs, o);
                for (int j = 0; j < outputs; j++) gk[j] = gy[s * outputs + j];
                double[] r = TrapezoidIntegrator.adjoint(k, steps, h, sample, is, vs, gk);
                for (int t = 0; t < total; t++) gu[s * segs + t / this.steps] += (float) r[t];
            }
            return new Tensor[] {Tensor.wrap(gu, batch, segs)};
        });
    }

    private double[] perStep(float[] u, int sample, int segs, int total, double[] noise) {
        double[] d = new double[total];
        for (int t = 0; t < total; t++) d[t] = u[sample * segs + t / steps] + (noise == null ? 0 : noise[t]);
        return d;
    }

    @Override
    public Device device(long seed) {
        return new Device(this, seed);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: R = %.4g Ω, L = %.4g H, C = %.4g F, Is = %.3g A, n = %.3g, %d + %d segments of %.3g s",
                name(), o.resistance(), o.inductance(), o.capacitance(), o.saturationCurrent(), o.idealityFactor(), inputs, parameterSegments, segment);
    }

    /** One simulated circuit: Johnson noise in the loop, a drifting readout gain, and the ADC. */
    public static final class Device extends SimulatedDevice {
        private final DiodeCircuit circuit;
        private double gain = 1;

        private Device(DiodeCircuit circuit, long seed) {
            super(circuit, seed);
            this.circuit = circuit;
        }

        /** The readout amplifier's current gain (1 before the first call). */
        public double gain() {
            return gain;
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
            float[] y = circuit.integrate(noise).apply(circuit.driveSegments(x, theta)).toArray();
            Adc.read(y, gain, circuit.o.adcBits(), circuit.o.adcFullScale());
            gain += circuit.o.gainDrift() * rng.nextGaussian();
            return Tensor.wrap(y, x.shape()[0], circuit.outputs);
        }
    }
}
