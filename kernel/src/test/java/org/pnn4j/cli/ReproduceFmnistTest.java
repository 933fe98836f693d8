package org.pnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.pnn4j.data.Dataset;
import org.pnn4j.data.DatasetCache;
import org.pnn4j.data.Datasets;

/**
 * A bounded version of the Fashion-MNIST reproduction (issue 4, acceptance item 1): one epoch on the first 1024
 * training images, evaluated on the first 500 test images, fixed seed. A broken architecture or PAT stays near
 * chance (10%); measured here: PAT 58.4% on the device against 49.4% for in-silico training (whose model accuracy is
 * 60.6%); the thresholds (PAT > 50%, PAT > in-silico + 2 points) leave room for numerical changes of the kernels.
 */
class ReproduceFmnistTest {
    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    private static void requireFashionMnist() {
        Path f = DatasetCache.root().resolve("fashion-mnist").resolve("train-images-idx3-ubyte.gz");
        boolean present = Files.isRegularFile(f) || Files.isRegularFile(Path.of(f.toString().replace(".gz", "")));
        if (!present && "1".equals(System.getenv("PNN4J_REQUIRE_DATASETS")))
            throw new AssertionError(f + " is missing; run ./pnn4j datasets (PNN4J_REQUIRE_DATASETS=1 forbids skipping)");
        Assumptions.assumeTrue(present, f + " is not in the dataset cache; run ./pnn4j datasets to fetch it");
    }

    @Test
    void patTrainsTheReferenceNetworkAndBeatsInSilicoOnTheDevice() {
        requireFashionMnist();
        Dataset train = Datasets.fashionMnist(true).subset(range(1024)), test = Datasets.fashionMnist(false).subset(range(500));
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        List<ReproduceFmnist.Row> pat = ReproduceFmnist.train("pat", 1, 1, 0, 10, train, test, null, sink);
        List<ReproduceFmnist.Row> insilico = ReproduceFmnist.train("insilico", 1, 1, 0, 10, train, test, null, sink);
        ReproduceFmnist.Row p = pat.get(0), s = insilico.get(0);
        String both = ReproduceFmnist.format(p) + "\n" + ReproduceFmnist.format(s);
        System.out.println(ReproduceFmnist.header() + "\n" + both);
        assertTrue(p.deviceAccuracy() > 0.50, "PAT device test accuracy after one epoch on 1024 images:\n" + both);
        assertTrue(p.deviceAccuracy() > s.deviceAccuracy() + 0.02, "PAT must beat in-silico training on the device:\n" + both);
        assertTrue(s.modelAccuracy() > s.deviceAccuracy(), "in-silico training shows a reality gap:\n" + both);
        assertEquals(0, s.physicalCalls(), "in-silico training never calls the device");
        assertEquals(2 * 1024 / 32, p.physicalCalls(), "PAT: one device call per physical layer per step");
    }

    @Test
    void badOptionsAreReportedWithTheUsage() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(2, ReproduceFmnist.run(new String[] {"--method", "spsa"}, sink));
        assertEquals(2, ReproduceFmnist.run(new String[] {"--epochs", "x"}, sink));
        assertEquals(2, ReproduceFmnist.run(new String[] {"--train", "70000"}, sink));
        assertEquals(2, ReproduceFmnist.run(new String[] {"--epochs"}, sink));
        assertEquals(2, ReproduceFmnist.run(new String[] {"--bogus", "1"}, sink));
        assertEquals(2, ReproduceFmnist.run(new String[] {"--device-seed", "zero"}, sink));
    }

    @Test
    void patRowsShowTheReferenceAccuracyOfTheSameEpoch() {
        String pat1 = ReproduceFmnist.format(new ReproduceFmnist.Row(1, "pat", 0.58, 0.8372, 0.8178, 200, 3750));
        String pat20 = ReproduceFmnist.format(new ReproduceFmnist.Row(20, "pat", 0.2, 0.9, 0.88, 200, 75000));
        String pat21 = ReproduceFmnist.format(new ReproduceFmnist.Row(21, "pat", 0.2, 0.9, 0.88, 200, 78750));
        String silico = ReproduceFmnist.format(new ReproduceFmnist.Row(1, "insilico", 0.55, 0.6958, 0.8437, 290, 20));
        assertTrue(pat1.endsWith("83.74%"), pat1);
        assertTrue(pat20.endsWith("89.76%"), pat20);
        assertTrue(!pat21.contains("89.76") && !silico.contains("83.74"), pat21 + "\n" + silico);
        assertEquals(ReproduceFmnist.header().length(), pat1.length(), "the column lines up with the header");
    }
}
