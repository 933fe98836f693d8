package org.pnn4j.train;

import java.util.List;
import org.pnn4j.data.Batch;
import org.pnn4j.nn.Layer;
import org.pnn4j.nn.Loss;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/**
 * How one training step obtains its updates. The factories are the training methods of physical neural networks:
 *
 * <ul>
 *   <li>{@link #backprop()}: back-propagation through the layers as they are (each physical layer in its own mode);</li>
 *   <li>{@link #inSilico()}: back-propagation through the ideal models only (physical layers in IDEAL for the step);</li>
 *   <li>{@link #physicsAware()}: physics-aware training (PAT, Wright et al. 2022): device forward, model backward;</li>
 *   <li>{@link #localLearning(int, double)}: physical local learning (PhyLL, Momeni et al. 2023), for a {@link LocalNetwork};</li>
 *   <li>{@link #spsa(double, double)}, {@link #evolutionStrategies(double, int)} and {@link #finiteDifferences(double)}: gradient-free, in situ on the devices;</li>
 *   <li>{@link #feedbackAlignment(long)}: direct feedback alignment (Nøkland 2016): the output error sent to every layer through fixed random projections;</li>
 *   <li>{@link #inSituAdjoint()}: in-situ back-propagation whose physical gradients are the devices' own adjoint measurements (Hughes et al. 2018);</li>
 *   <li>{@link #readoutOnly()}: only the digital readout learns (reservoir computing, the floor every method must beat);</li>
 *   <li>{@link #forwardForward(double)}: the forward-forward algorithm (Hinton 2022), for a {@link ForwardForwardNetwork};</li>
 *   <li>{@link #cmaEs(double, int)}: separable CMA-ES in situ, gradient-free, its state checkpointed ({@link StatefulMethod});</li>
 *   <li>{@link #equilibriumPropagation(double, boolean)} and {@link #coupledLearning(double)}: two settled phases of a
 *   substrate that settles to an equilibrium (e.g. a resistor network), the update from local measurements.</li>
 * </ul>
 *
 * A {@link Trainer} runs one method for all epochs ({@link Trainer#method}) or several in stages ({@link Trainer#stage}).
 */
public interface Method {
    /**
     * Runs one step on a batch. If the loss is not finite, the method must not update any parameter and
     * returns the non-finite loss.
     */
    StepResult step(Step step);

    /** The method's name as a factory call. */
    String describe();

    /**
     * Everything a step needs.
     *
     * @param model      the model being trained
     * @param batch      the batch
     * @param loss       the objective
     * @param optimizer  the optimizer
     * @param parameters the model's parameters, in a stable order
     * @param rng        the run's random stream (checkpointed with the run); methods draw perturbations and labels from it
     * @param index      0-based global step number (gain sequences are indexed by it)
     */
    record Step(Layer model, Batch batch, Loss loss, Optimizer optimizer, List<Parameter> parameters, Rng rng, long index) {
        /** A step with a fresh random stream of seed 0, numbered 0 (for methods that draw nothing). */
        public Step(Layer model, Batch batch, Loss loss, Optimizer optimizer, List<Parameter> parameters) {
            this(model, batch, loss, optimizer, parameters, new Rng(0), 0);
        }

        /**
         * This step on {@code model} instead: a view of the model (its physical layers in the modes a method chose,
         * {@link PhysicalLayer#withModes}), everything else unchanged.
         */
        public Step on(Layer model) {
            return new Step(model, batch, loss, optimizer, parameters, rng, index);
        }

        /** The objective on this batch's labels or targets. */
        public Tensor lossOf(Tensor output) {
            return batch.labels() != null ? loss.apply(output, batch.labels()) : loss.apply(output, batch.targets());
        }
    }

    /**
     * Outcome of a step.
     *
     * @param loss   the batch's loss before the update
     * @param output the model's output on the batch (for running accuracy), or null when the method has none
     * @param problem null when the step was sound; otherwise what was not finite, in words
     */
    record StepResult(double loss, Tensor output, String problem) {}

    /**
     * Ordinary back-propagation: forward, loss (plus constraint penalties), backward through the whole
     * model, optimizer step, constraint projection. Physical layers run in whatever mode they are in.
     */
    static Method backprop() {
        return new Method() {
            @Override
            public StepResult step(Step s) {
                return Steps.backprop(s);
            }

            @Override
            public String describe() {
                return "backprop()";
            }
        };
    }

    /**
     * In-silico training: every physical layer runs its ideal differentiable model ({@link PhysicalLayer.Mode#IDEAL})
     * for the step, forward and backward; no device is queried. The step runs on a view of the model
     * ({@link PhysicalLayer#withModes}); the layers' own modes never change, so validation and {@link Evaluation#physical} see the physical system and show the reality gap. See
     * {@link ModeMethod} for per-layer overrides and frozen layers.
     */
    static ModeMethod inSilico() {
        return new ModeMethod("inSilico()", PhysicalLayer.Mode.IDEAL, java.util.Map.of());
    }

    /**
     * Physics-aware training: every physical layer runs forward on its device and back-propagates through its
     * model's vector-Jacobian product at the physical input ({@link PhysicalLayer.Mode#PHYSICS_AWARE}). Layers can
     * be given other modes with {@link ModeMethod#with}; layers the user set to FROZEN stay frozen.
     */
    static ModeMethod physicsAware() {
        return new ModeMethod("physicsAware()", PhysicalLayer.Mode.PHYSICS_AWARE, java.util.Map.of());
    }

    /**
     * Simultaneous-perturbation stochastic approximation (Spall 1992) in situ: all layers run forward on the devices
     * ({@link PhysicalLayer.Mode#PHYSICAL}); no gradient is computed. Step k (0-based) draws Δ ∈ {−1, +1}^d
     * (Rademacher, from the run's random stream), measures L± = L(θ ± c_k·s⊙Δ) on the batch (2 forward passes) and
     * updates θ ← clamp(θ − a_k·s⊙ĝ) with ĝ = (L₊ − L₋)/(2c_k)·Δ, where the gains are
     * <pre>
     *   a_k = a / (k + 1 + A)^α,   c_k = c / (k + 1)^γ
     * </pre>
     * with α = 0.602, γ = 0.101, A = 0 (Spall's practical values) and s the scale of each element: the width
     * hi − lo of a bounded parameter (so a and c are fractions of the physical range), 1 for an unbounded one.
     * The Trainer's optimizer is not used. The reported loss is (L₊ + L₋)/2.
     *
     * @param a step gain (> 0)
     * @param c perturbation size (> 0)
     * @throws IllegalArgumentException if a gain is not positive and finite
     */
    static Method spsa(double a, double c) {
        return new Spsa(a, c, 0.602, 0.101, 0);
    }

    /**
     * SPSA with explicit gain exponents and stability constant (see {@link #spsa(double, double)}).
     *
     * @throws IllegalArgumentException if a, c are not positive or alpha, gamma, stabilityA are negative
     */
    static Method spsa(double a, double c, double alpha, double gamma, double stabilityA) {
        return new Spsa(a, c, alpha, gamma, stabilityA);
    }

    /**
     * Evolution strategies in situ (antithetic OpenAI-ES, Salimans et al. 2017), the gradient-free baseline
     * beside SPSA: all layers run forward on the devices ({@link PhysicalLayer.Mode#PHYSICAL}); no model is used.
     * Each step draws {@code population} Gaussian directions ε_k ~ N(0, I) over every trainable element (from the
     * run's random stream), measures the antithetic pair L(θ ± σ·s⊙ε_k) on the batch, replaces the 2n losses by
     * their centred ranks u ∈ [−0.5, 0.5] (fitness shaping) and hands the estimate
     * <pre>
     *   ĝ = 1/(2nσ) · Σ_k (u_k⁺ − u_k⁻) · ε_k / s
     * </pre>
     * to the Trainer's optimizer, s being each element's range width (1 when unbounded). Parameters are clamped to
     * their ranges. <b>Budget:</b> one step costs exactly 2·population forward passes of every physical layer
     * (device calls), so epochs × batches × 2·population calls in all; choose epochs or population to meet a budget.
     * The reported loss is the mean of the 2n perturbed losses; no outputs are returned (no running accuracy).
     *
     * @param sigma      perturbation size as a fraction of each parameter's range (> 0), e.g. 0.02
     * @param population antithetic pairs per step (>= 1)
     * @throws IllegalArgumentException if sigma is not positive and finite or population &lt; 1
     */
    static Method evolutionStrategies(double sigma, int population) {
        return new EvolutionStrategies(sigma, population);
    }

    /**
     * Direct feedback alignment (Nøkland 2016; on optical hardware, Launay et al. 2020) on a sequence of layers
     * ({@link org.pnn4j.Network#of}). The network is cut into blocks, each a layer with trainable parameters followed
     * by its parameter-free layers (activations). One forward pass runs every physical layer on its device
     * ({@link PhysicalLayer.Mode#PHYSICS_AWARE}; layers the user froze stay frozen), with no gradient between blocks.
     * The output error e = ∂L/∂y [batch, classes] is the only signal sent back: the last block receives e itself,
     * every other block b receives δ_b = e·B_b at its output, B_b a fixed Gaussian matrix [classes, width_b] with
     * entries of variance 1/classes, drawn once from {@code seed} and the block's index. Inside a block δ_b is carried
     * to the parameters by the block's own local derivatives: for a digital layer and activation that is Nøkland's
     * ΔW_b ∝ ((e·B_b) ⊙ f′(a_b)) h_{b−1}ᵀ; <b>at a physical layer it is the vector-Jacobian product of the layer's
     * differentiable model evaluated at the measured state</b> (the physical input recorded in the forward, the PAT
     * residuals), i.e. ∂model(x_measured, θ)/∂θ ᵀ·δ_b. No error is propagated through any layer into the one before,
     * so a block's update needs only its own model, never a model of the layers after it. The optimizer then applies
     * the updates; bounded physical parameters are clamped. One step costs one device call per physical layer.
     *
     * @param seed seed of the fixed random feedback matrices
     */
    static Method feedbackAlignment(long seed) {
        return new FeedbackAlignment(seed);
    }

    /**
     * Central finite differences in situ: all layers run forward on the devices ({@link PhysicalLayer.Mode#PHYSICAL});
     * for each trainable element i, g_i = (L(θ + h·s_i·e_i) − L(θ − h·s_i·e_i)) / (2h·s_i) with s_i the element's
     * range width (1 when unbounded), then the Trainer's optimizer applies g. One step costs 2d + 1 forward passes
     * for d trainable elements: practical only for small d. Parameters are clamped to their ranges.
     *
     * @param h relative step (> 0), e.g. 1e-2
     * @throws IllegalArgumentException if h is not positive and finite
     */
    static Method finiteDifferences(double h) {
        return new FiniteDifferences(h);
    }

    /**
     * Physical local learning (Momeni et al., Science 2023) for a {@link LocalNetwork}: per batch and block, one
     * physical query for the positive and one for the negative sample, then {@code innerSteps} optimizer steps on
     * the block's digital weights against the loss mean(log(1 + exp(−τ(g₊ − g₋)))). No gradient flows through any
     * physical layer or between blocks. See {@link LocalNetwork} for the embedding, goodness and inference.
     *
     * @param innerSteps optimizer steps per block per batch (the paper: about 10)
     * @param tau        goodness temperature τ (the paper: about 4)
     * @throws IllegalArgumentException if innerSteps &lt; 1 or tau is not positive and finite
     */
    static Method localLearning(int innerSteps, double tau) {
        return new LocalLearning(innerSteps, tau);
    }

    /** {@link #localLearning(int, double)} with 10 inner steps and τ = 4. */
    static Method localLearning() {
        return new LocalLearning(10, 4);
    }

    // ---- in-situ gradients from the physics (adjoint / reciprocity measurement)

    /**
     * In-situ adjoint training (Hughes, Minkov, Shi and Fan, Optica 5:864, 2018; on an MZI mesh, Pai et al., Science
     * 380:398, 2023): back-propagation in which every physical layer's gradients, for its parameters and for its
     * input, come from <b>its device's own adjoint measurement</b> ({@link org.pnn4j.physics.AdjointDevice}), not from a
     * model: the forward run on the device, the error signal sent backward through the reciprocal system, and the
     * interference of the two read by in-chip power monitors ({@link PhysicalLayer#withAdjointGradients()}). Digital
     * layers around them are back-propagated as usual. The gradient is the real device's (its fabrication errors are
     * in it), noisy as its monitors are. <b>Budget:</b> one step costs 1 + 2 physical runs per physical layer (the
     * forward, the adjoint and the interference run), all counted in {@link org.pnn4j.physics.PhysicalUsage}, with the
     * batch's samples each time. Bounded parameters are clamped into their ranges after the update. Draws nothing from
     * the run's random stream (the devices' noise streams are checkpointed with them), so a resumed run continues
     * identically.
     *
     * <p>Refuses (an {@link UnsupportedOperationException} when the step runs, naming the layer and what to use instead)
     * a network with a trained physical layer whose device has no adjoint measurement: a nonlinear or non-reciprocal
     * system such as SHG or coupled oscillators. A layer the user froze may lack it: it gets its input gradient from
     * its model at the measured state, as in physics-aware training.
     */
    static Method inSituAdjoint() {
        return new InSituAdjoint();
    }

    // ---- forward-forward, readout-only, CMA-ES

    /**
     * Readout-only training (reservoir computing, Jaeger 2001; the extreme learning machine, Huang et al. 2006): only
     * the readout learns, i.e. the last digital (non-physical) layer of the model's top-level sequence that has
     * trainable parameters, by back-propagation of the loss through it alone (and the parameter-free layers after
     * it). Every layer before it, physical or digital, stays as initialised: its parameters are never handed to the
     * optimizer, so they stay bit-identical. The physical layers run on their devices ({@link PhysicalLayer.Mode#PHYSICAL})
     * with no gradient recorded: one step costs one device call per physical layer. It is the floor every training
     * method of the physical layers must beat.
     *
     * @throws IllegalArgumentException from {@link Method#step} if the model has no digital layer with trainable
     *                                  parameters, or a physical layer comes after the readout
     */
    static Method readoutOnly() {
        return new ReadoutOnly();
    }

    /**
     * The forward-forward algorithm (Hinton 2022) for a {@link ForwardForwardNetwork}, with the network's physical
     * layers as fixed transforms between the trained digital layers (Oguz et al., Optics Letters 48:5249, 2023,
     * where multimode nonlinear propagation in a fibre plays that part). Each step embeds the true label in the batch
     * (positive data) and a wrong label drawn uniformly from the run's random stream (negative data), runs both
     * through the network in one pass (one device call per physical layer, on 2 × batch samples), and trains every
     * goodness block b (a trainable digital layer and its activations) on its own loss
     * <pre>
     *   L_b = mean over the 2B samples of softplus(−s·(G_b − θ·n_b)),   G_b = Σ_j h_bj²,
     * </pre>
     * s = +1 for a positive, −1 for a negative sample, h_b the block's output, n_b its width, so θ is the threshold
     * per unit (Hinton's threshold on the sum of squares is θ·n_b). Inputs to a block are detached: no gradient
     * flows between blocks or through any physical layer (which run in {@link PhysicalLayer.Mode#PHYSICAL}; their
     * parameters are not trained). The Trainer's optimizer applies the summed block gradients. The reported loss is
     * Σ_b L_b; no outputs are returned (no running accuracy: predicting costs K passes, see
     * {@link ForwardForwardNetwork#forward}).
     *
     * @param theta goodness threshold per unit (mean square activity; > 0), e.g. 0.5 for tanh blocks
     * @throws IllegalArgumentException if theta is not positive and finite
     */
    static Method forwardForward(double theta) {
        return new ForwardForward(theta);
    }

    /**
     * CMA-ES in situ (Hansen and Ostermeier 2001; Hansen's tutorial, 2016), in its separable form (sep-CMA-ES, Ros and
     * Hansen 2008: a diagonal covariance, O(d) per sample, for the hundreds to thousands of parameters of a network,
     * where the full d×d covariance and its eigen-decomposition would cost O(d²) memory and O(d³) time; it learns a
     * scale per parameter, not correlations). All layers run forward on the devices ({@link PhysicalLayer.Mode#PHYSICAL});
     * no model is used. Each step (one generation) draws {@code pairs} directions z_k ~ N(0, I) from the run's random
     * stream and measures the mirrored pair L(m ± σ·s⊙√c⊙z_k) on the batch, s being each parameter's range width (1
     * when unbounded); only the better of each pair competes (pairwise selection, Brockhoff et al. 2010, which keeps
     * mirrored sampling from biasing the step-size control), the best μ = ⌈pairs/2⌉ winners are recombined with
     * Hansen's log weights into the new mean, and the evolution paths, the diagonal covariance c and the step size σ
     * (cumulative step-size adaptation) are updated with Hansen's default constants, the covariance rates multiplied
     * by (d + 2)/3 as sep-CMA-ES prescribes. The parameters are then set to the mean (clamped to their ranges). The
     * Trainer's optimizer is not used. <b>Budget:</b> 2·pairs device calls per physical layer per step. The state
     * (mean, σ, c, paths) is saved in checkpoints ({@link StatefulMethod}), so a resumed run continues bit for bit; if
     * the parameters are changed by anything else between steps, the search restarts from them.
     *
     * @param sigma initial step size as a fraction of each parameter's range (> 0), e.g. 0.02
     * @param pairs mirrored pairs per generation (>= 1); Hansen's default population 4 + ⌊3 ln d⌋ suggests about
     *              2 + 1.5 ln d pairs
     * @throws IllegalArgumentException if sigma is not positive and finite or pairs &lt; 1
     */
    static Method cmaEs(double sigma, int pairs) {
        return new CmaEs(sigma, pairs);
    }

    // ---- equilibrium propagation and coupled learning

    /**
     * Equilibrium propagation (Scellier &amp; Bengio, Front. Comput. Neurosci. 11:24, 2017) in situ, one-sided: see
     * {@link #equilibriumPropagation(double, boolean)}.
     *
     * @param beta nudge strength β in the equilibrium substrate's nudge unit (mS for a resistor network), &gt; 0
     * @throws IllegalArgumentException if beta is not positive and finite
     */
    static Method equilibriumPropagation(double beta) {
        return new EquilibriumPropagation(beta, EquilibriumPropagation.Variant.ONE_SIDED);
    }

    /**
     * Equilibrium propagation in situ, on a network whose one physical layer settles to an equilibrium
     * ({@link org.pnn4j.physics.EquilibriumSubstrate}, e.g. a resistor network), with parameter-free layers before it
     * and any digital layers after it. Each step:
     * <ol>
     *   <li><b>free phase</b>: the device settles with its outputs free (one device call) and reports y and ∂E/∂θ (for a
     *   resistor network ½ΔV² on every edge, measured locally);</li>
     *   <li>the loss L on the batch through the digital layers after it gives the error per sample e = B·∂L/∂y (B the
     *   batch size; for the loss ½‖y − t‖² per sample, e = y − t);</li>
     *   <li><b>nudged phase</b>: the device settles with its outputs weakly clamped, strength β, toward y − e (for
     *   ½‖y − t‖², toward the target t itself): the energy E + β·½‖y − (y_free − e)‖², whose nudge has the loss's
     *   gradient at the free state (one device call); {@code symmetric}: also at −β (Laborieux et al., Front. Neurosci.
     *   15:633674, 2021), which needs a negative conductance (an active element) on hardware;</li>
     *   <li>the update direction ĝ_θ = (1/(βB))·Σ_batch [∂E/∂θ(nudged) − ∂E/∂θ(free)], or
     *   (1/(2βB))·Σ_batch [∂E/∂θ(+β) − ∂E/∂θ(−β)] symmetric; for a resistor network
     *   ΔG_e ∝ −(1/β)[(ΔV_e^nudged)² − (ΔV_e^free)²]/2, a rule each edge applies from its own voltages.</li>
     * </ol>
     * As β → 0, ĝ tends to the true gradient dL/dθ (the theorem): the one-sided estimate's error shrinks like β, the
     * symmetric one's like β². The digital layers after the equilibrium layer receive the loss's own gradient (from
     * the free phase's outputs); the Trainer's optimizer applies everything; bounded parameters are clamped to their
     * ranges. <b>Budget:</b> a step costs 2 device calls (3 symmetric). Deterministic given the devices' seeds (no
     * random draws); checkpoints resume it exactly.
     *
     * <p>Choosing β: large enough that the nudge's effect stands above the device's reading noise, small enough for
     * the estimate's bias. The one-sided estimate's O(β) bias is systematic (it lowers every conductance a little) and
     * on the vowels on {@code resistors(12, 8, 7)} with 1 mV voltmeter noise it learns at β = 0.01 mS but not at 0.1;
     * the symmetric one cancels that term and learns at 0.1 mS (as Laborieux et al. found for deep EP).
     *
     * @param beta      nudge strength β (&gt; 0) in the substrate's nudge unit (mS for a resistor network)
     * @param symmetric whether to nudge at ±β instead of at 0 and +β
     * @throws IllegalArgumentException if beta is not positive and finite; at a step, if a physical layer does not
     *                                  settle (a feed-forward substrate: the message names it and what to use instead), if
     *                                  there is not exactly one physical layer, or a layer before it has trainable
     *                                  parameters
     */
    static Method equilibriumPropagation(double beta, boolean symmetric) {
        return new EquilibriumPropagation(beta, symmetric ? EquilibriumPropagation.Variant.SYMMETRIC : EquilibriumPropagation.Variant.ONE_SIDED);
    }

    /**
     * Coupled learning (Stern, Hexner, Rocks &amp; Liu, PRX 11:021045, 2021; in hardware, Dillavou et al., Phys. Rev.
     * Applied 18:014040, 2022): like {@link #equilibriumPropagation(double, boolean)} but the second phase clamps the
     * outputs to y_free − η·e (for ½‖y − t‖², y_free + η(t − y_free)) instead of nudging them weakly, and
     * ĝ_θ = (1/(ηB))·Σ_batch [∂E/∂θ(clamped) − ∂E/∂θ(free)]: for a resistor network Stern's
     * ΔG_e ∝ −(1/η)[(ΔV_e^C)² − (ΔV_e^F)²]. For small η it descends the coupled-learning cost E(clamped) − E(free),
     * which shares its minima with the loss but is not its gradient. Two device calls per step.
     *
     * <p>η·e is how far the outputs are clamped from their free values: with the loss ½‖y − t‖² per sample, Stern's
     * range 0.1 to 1; with a cross-entropy on scaled voltages, whose per-sample error is large, much smaller (0.001 for
     * the vowels on {@code resistors(12, 8, 7)} times a scale of 20, where 0.01 no longer learns).
     *
     * @param eta clamp amplitude η (&gt; 0, dimensionless)
     * @throws IllegalArgumentException if eta is not positive and finite (and at a step as for equilibrium propagation)
     */
    static Method coupledLearning(double eta) {
        return new EquilibriumPropagation(eta, EquilibriumPropagation.Variant.COUPLED);
    }
}
