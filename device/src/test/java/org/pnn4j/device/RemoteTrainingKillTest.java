package org.pnn4j.device;

import static org.junit.jupiter.api.Assertions.*;
import static org.pnn4j.Pnn.linear;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pnn4j.Network;
import org.pnn4j.backend.Backend;
import org.pnn4j.backend.BackendException;
import org.pnn4j.backend.SimulatedBackend;
import org.pnn4j.backend.SubstrateSpecs;
import org.pnn4j.data.Split;
import org.pnn4j.data.Synthetic;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.physics.oscillators.CoupledOscillators;
import org.pnn4j.train.EpochResult;
import org.pnn4j.train.History;
import org.pnn4j.train.Method;
import org.pnn4j.train.Trainer;
import org.pnn4j.train.TrainingListener;

/**
 * The device server process is killed (SIGKILL) in the middle of a training epoch: the client fails with an error
 * that says the server is unreachable and how to go on; a server restarted on the same port and
 * {@code resumeFrom(checkpoint)} finish the run, which then equals an uninterrupted one bit for bit (the device is
 * noiseless and seeded, so it measures the same across restarts): every epoch once, no step lost or repeated.
 */
@Timeout(180)
class RemoteTrainingKillTest {
    private static final String TOKEN = "k1ll";
    private static final int EPOCHS = 4, KILL_EPOCH = 3, KILL_AFTER_BATCH = 2;
    private static final long DEVICE_SEED = 5;
    private final CoupledOscillators s = ((CoupledOscillators) SubstrateSpecs.parse("oscillators:4")).inputNoise(0);
    private final Split data = Synthetic.moons(160, 0.1, 3).split(0.25, 3);

    private Network net(PhysicalDevice device, long seed) {
        return Network.of(linear(2, s.inputSize()), new PhysicalLayer(s, device), linear(s.outputSize(), 2)).initialize(seed);
    }

    private Trainer trainer(Network net, List<Integer> epochsEnded) {
        return Trainer.of(net).method(Method.physicsAware()).optimizer(Optimizer.adam(0.02)).epochs(EPOCHS).seed(3)
                .listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochResult e) {
                        epochsEnded.add(e.epoch());
                    }
                });
    }

    private String[] serverArgs(int port) {
        return new String[] {"--substrate", "oscillators:4", "--input-noise", "0", "--seed", String.valueOf(DEVICE_SEED),
                "--port", String.valueOf(port), "--token", TOKEN};
    }

    @Test
    void killingTheServerMidEpochLosesNothingOnceResumedFromTheCheckpoint(@TempDir Path dir) {
        // the uninterrupted run, on the same device in this process
        Network straight;
        History full;
        try (Backend local = new SimulatedBackend(DEVICE_SEED).serve(s)) {
            straight = net(local.device(s), 7);
            full = trainer(straight, new ArrayList<>()).fit(data.train());
        }

        Path ckp = dir.resolve("run.ckp");
        List<Integer> ended = new ArrayList<>();
        ServerProcess server = ServerProcess.start(serverArgs(0));
        ServerProcess restarted = null;
        int port = server.port();
        try (RemoteBackend remote = RemoteBackend.builder("127.0.0.1", port).token(TOKEN).deadline(Duration.ofSeconds(10))
                .reconnectWindow(Duration.ofSeconds(3)).backoff(Duration.ofMillis(100), Duration.ofMillis(1000)).connect()) {
            ServerProcess victim = server;
            long[] killedAt = {0};
            Trainer interrupted = trainer(net(remote.device(s), 7), ended).checkpoint(ckp).listener(new TrainingListener() {
                @Override
                public void onBatchEnd(BatchProgress p) {
                    if (p.epoch() == KILL_EPOCH && p.batch() == KILL_AFTER_BATCH) {
                        victim.kill();
                        killedAt[0] = System.nanoTime();
                    }
                }
            });
            BackendException e = assertThrows(BackendException.class, () -> interrupted.fit(data.train()));
            long failedAfterMillis = (System.nanoTime() - killedAt[0]) / 1_000_000;
            assertTrue(killedAt[0] != 0, "the server was killed during epoch " + KILL_EPOCH);
            assertFalse(server.alive());
            assertTrue(e.getMessage().contains("the device server at 127.0.0.1:" + port + " is unreachable"), e.getMessage());
            assertTrue(e.getMessage().contains("Check that the device server at 127.0.0.1:" + port + " is running"), e.getMessage());
            assertTrue(e.getMessage().contains("resumeFrom") && !e.getMessage().contains(TOKEN), e.getMessage());
            assertTrue(failedAfterMillis < 10_000, "the client gave up after " + failedAfterMillis + " ms");
            assertEquals(List.of(1, 2), ended, "epochs finished before the kill");
            assertTrue(Files.isRegularFile(ckp));

            restarted = ServerProcess.start(serverArgs(port));
            assertEquals(port, restarted.port());
            // a fresh network: everything must come from the checkpoint; the same client reconnects
            Network resumed = net(remote.device(s), 99);
            History rest = trainer(resumed, ended).resumeFrom(ckp).fit(data.train());

            assertEquals(List.of(1, 2, 3, 4), ended, "every epoch ended exactly once across both runs");
            assertEquals(List.of(1, 2, 3, 4), rest.epochs().stream().map(EpochResult::epoch).toList(), "history epochs");
            for (int i = 0; i < EPOCHS; i++)
                assertEquals(full.epochs().get(i).trainLoss(), rest.epochs().get(i).trainLoss(), 0.0, "train loss of epoch " + (i + 1));
            assertEquals(full.last().physicalCalls(), rest.last().physicalCalls(), "device calls: the aborted epoch's are not counted");
            assertEquals(full.last().physicalSamples(), rest.last().physicalSamples());
            List<Parameter> a = straight.parameters(), b = resumed.parameters();
            for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).snapshot(), b.get(i).snapshot(), "parameter " + a.get(i).name());
            System.out.printf("kill test: server pid %d killed in epoch %d after batch %d; client error after %d ms: %s%n",
                    server.pid(), KILL_EPOCH, KILL_AFTER_BATCH, failedAfterMillis, e.getMessage());
        } finally {
            server.close();
            if (restarted != null) restarted.close();
        }
    }
}
