package org.pnn4j.sweep;

import static org.pnn4j.Pnn.linear;
import static org.pnn4j.Pnn.pendula;
import static org.pnn4j.Pnn.physical;
import static org.pnn4j.Pnn.sigmoid;
import static org.pnn4j.Pnn.tanh;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.pnn4j.Network;
import org.pnn4j.Reproductions;
import org.pnn4j.data.Dataset;
import org.pnn4j.data.Locations;
import org.pnn4j.data.Split;
import org.pnn4j.data.Vowels;
import org.pnn4j.nn.LrSchedule;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.physics.Substrate;
import org.pnn4j.physics.cavities.Cavity;
import org.pnn4j.physics.cavities.RecordedAcoustic;
import org.pnn4j.physics.oscillators.PendulaRing;
import org.pnn4j.tensor.Rng;
import org.pnn4j.train.Evaluation;
import org.pnn4j.train.History;
import org.pnn4j.train.LocalNetwork;
import org.pnn4j.train.Method;
import org.pnn4j.train.Trainer;

/**
 * The built-in trials, chosen by the setting {@code experiment}; the same networks, optimizers and seeds as
 * {@code ./pnn4j reproduce} ({@link Reproductions}), one training run per trial.
 *
 * <ul>
 *   <li>{@code experiment=vowels}: the vowel network with two layers of 48 pendula
 *       ({@link Reproductions#vowelsNetwork}; Adam 0.02 halved every 30 epochs, batch 16), evaluated on the test
 *       split. Settings: {@code method} = {@code pat} | {@code insilico}; {@code epochs} (default 100); {@code noise}:
 *       the pendula's angle measurement noise in rad (absent: the noiseless pendula of {@code reproduce vowels};
 *       present: the network of {@code reproduce noise}); {@code seed}.</li>
 *   <li>{@code experiment=phyll}: the padded vowels on two acoustic-cavity layers
 *       ({@link Reproductions#localLearningVowels}). Settings: {@code substrate} = {@code simulated}
 *       (acoustic(19,4,16)) | {@code recorded} (fitted to shared/datasets/phyll-acoustic); {@code method} =
 *       {@code phyll} (blocks P(h) → linear) | {@code phyll-concat} (blocks [P(h), h] → linear) | {@code pat} |
 *       {@code insilico}; {@code epochs} (default 100); {@code lr} (Adam, default 0.01); {@code seed}.</li>
 * </ul>
 * Data come from {@code shared/datasets} (found as {@link Locations#sharedDatasets()} says, on every executor).
 */
public final class Experiments implements TrialRunner {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Set<String>> SETTINGS = Map.of(
            "vowels", Set.of("experiment", "method", "epochs", "noise", "seed"),
            "phyll", Set.of("experiment", "substrate", "method", "epochs", "lr", "seed"));
    private static final Map<String, List<String>> METHODS = Map.of(
            "vowels", List.of("pat", "insilico"),
            "phyll", List.of("phyll", "phyll-concat", "pat", "insilico"));
    // per executor JVM: the data are read once, not once per trial
    private static final Map<String, Object> CACHE = new ConcurrentHashMap<>();

    /** The built-in trials. */
    public Experiments() {}

    @Override
    public void validate(Trial t) {
        String experiment = t.get("experiment", null);
        if (experiment == null || !SETTINGS.containsKey(experiment))
            throw new IllegalArgumentException("trial " + t.describe() + ": experiment must be one of " + SETTINGS.keySet().stream().sorted().toList()
                    + ", got " + (experiment == null ? "none (add 'experiment = vowels' to the grid)" : "'" + experiment + "'"));
        for (String name : t.config().keySet())
            if (!SETTINGS.get(experiment).contains(name))
                throw new IllegalArgumentException("trial " + t.describe() + ": experiment " + experiment + " has no setting '" + name
                        + "'; its settings are " + SETTINGS.get(experiment).stream().sorted().toList());
        String method = t.get("method", null);
        if (!METHODS.get(experiment).contains(method))
            throw new IllegalArgumentException("trial " + t.describe() + ": method must be one of " + METHODS.get(experiment) + ", got "
                    + (method == null ? "none" : "'" + method + "'"));
        positiveInt(t, "epochs", "1");
        if (t.config().containsKey("noise") && !(number(t, "noise", "0") >= 0))
            throw new IllegalArgumentException("trial " + t.describe() + ": noise is a standard deviation in rad, at least 0; got " + t.get("noise", ""));
        if (t.config().containsKey("lr") && !(number(t, "lr", "0.01") > 0))
            throw new IllegalArgumentException("trial " + t.describe() + ": lr must be positive, got " + t.get("lr", ""));
        if (experiment.equals("phyll") && !List.of("simulated", "recorded").contains(t.get("substrate", "")))
            throw new IllegalArgumentException("trial " + t.describe() + ": substrate must be simulated or recorded, got '" + t.get("substrate", "") + "'");
    }

    @Override
    public TrialOutcome run(Trial t) {
        validate(t);
        return switch (t.get("experiment", "")) {
            case "vowels" -> vowels(t);
            case "phyll" -> phyll(t);
            default -> throw new IllegalStateException("validated experiment " + t.get("experiment", ""));
        };
    }

    private static Method method(String name) {
        return switch (name) {
            case "pat" -> Method.physicsAware();
            case "insilico" -> Method.inSilico();
            default -> throw new IllegalArgumentException("no backprop method '" + name + "'");
        };
    }

    private static TrialOutcome vowels(Trial t) {
        int epochs = positiveInt(t, "epochs", "100");
        long seed = t.seed();
        Split s = vowelsSplit();
        Network net;
        if (t.config().containsKey("noise")) {
            PendulaRing ring = PendulaRing.of(48).measurementNoise(number(t, "noise", "0"));
            net = Network.of(linear(12, 48), tanh(), pendula(ring), linear(48, 48), tanh(), pendula(ring), linear(48, 7)).initialize(seed);
        } else {
            net = Reproductions.vowelsNetwork(seed);
        }
        Method m = method(t.get("method", ""));
        long t0 = System.nanoTime();
        History h = Trainer.of(net).method(m).optimizer(Optimizer.adam(Reproductions.VOWELS_LR))
                .schedule(LrSchedule.step(Reproductions.VOWELS_LR_STEP, Reproductions.VOWELS_LR_GAMMA))
                .epochs(epochs).batchSize(Reproductions.VOWELS_BATCH).seed(seed).fit(s.train());
        double sec = (System.nanoTime() - t0) / 1e9;
        return TrialOutcome.of(m.describe(), h, Evaluation.physical(net, s.test()).accuracy(), Evaluation.ideal(net, s.test()).accuracy(), sec);
    }

    private static TrialOutcome phyll(Trial t) {
        int epochs = positiveInt(t, "epochs", "100");
        double lr = number(t, "lr", "0.01");
        long seed = t.seed();
        Split s = vowelsSplit();
        Dataset train = Reproductions.padLabels(s.train(), 7), test = Reproductions.padLabels(s.test(), 7);
        Substrate cavity = t.get("substrate", "").equals("recorded") ? recordedAcoustic() : Cavity.acoustic(19, 4, 16);
        int out = cavity.outputSize(), in = cavity.inputSize();
        String method = t.get("method", "");
        long t0 = System.nanoTime();
        if (method.startsWith("phyll")) {
            boolean concat = method.equals("phyll-concat");
            LocalNetwork net = LocalNetwork.of(7, seed,
                    LocalNetwork.block(physical(cavity, 1), linear(concat ? out + in : out, in)),
                    LocalNetwork.block(physical(cavity, 2), linear(concat ? out + in : out, in)));
            net.initialize(new Rng(seed));
            Method m = Method.localLearning(10, 4);
            History h = Trainer.of(net).method(m).optimizer(Optimizer.adam(lr)).epochs(epochs).batchSize(32).seed(seed).fit(train);
            double sec = (System.nanoTime() - t0) / 1e9;
            return TrialOutcome.of(m.describe(), h, Evaluation.of(net, test).accuracy(), Double.NaN, sec);
        }
        Method m = method(method);
        Network net = Network.of(physical(cavity, 1), linear(out, in), sigmoid(), physical(cavity, 2), linear(out, 7)).initialize(seed);
        History h = Trainer.of(net).method(m).optimizer(Optimizer.adam(lr)).epochs(epochs).batchSize(32).seed(seed).fit(train);
        double sec = (System.nanoTime() - t0) / 1e9;
        return TrialOutcome.of(m.describe(), h, Evaluation.physical(net, test).accuracy(), Evaluation.ideal(net, test).accuracy(), sec);
    }

    private static Split vowelsSplit() {
        return (Split) CACHE.computeIfAbsent("vowels", k -> Vowels.patSplit(Locations.sharedDataset("vowels/vowdata.dat")));
    }

    private static Substrate recordedAcoustic() {
        return (Substrate) CACHE.computeIfAbsent("recorded", k -> {
            Path dir = Locations.sharedDataset("phyll-acoustic");
            return RecordedAcoustic.fit(dir).controls(1);
        });
    }

    private static int positiveInt(Trial t, String name, String otherwise) {
        String v = t.get(name, otherwise);
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) return n;
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("trial " + t.describe() + ": " + name + " must be a whole number of at least 1, got '" + v + "'");
    }

    private static double number(Trial t, String name, String otherwise) {
        String v = t.get(name, otherwise);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("trial " + t.describe() + ": " + name + " must be a number, got '" + v + "'");
        }
    }
}
