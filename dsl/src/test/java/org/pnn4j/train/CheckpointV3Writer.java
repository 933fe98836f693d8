package org.pnn4j.train;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Wrote {@code checkpoint-v3-within-epoch.ckp} (a test resource) with the pnn4j of 2026-12-03 (before explicit modes
 * and {@code PhysicalUsage}), so that later versions keep reading it ({@link CheckpointTest}): the
 * {@link CheckpointV2Writer#network network} with its noisy, drifting physical layer, physics-aware training with Adam,
 * stopped within epoch 2 after its batch 3, the checkpoint written after batch 2 ({@code checkpointEvery(2)}). Runs only
 * when asked:
 * {@code mvn -o test -pl dsl -Dtest=CheckpointV3Writer -Dpnn4j.writeCheckpointV3=dsl/src/test/resources/org/pnn4j/train/checkpoint-v3-within-epoch.ckp}.
 */
class CheckpointV3Writer {
    /** The run the file belongs to: 2 epochs of {@link CheckpointV2Writer#trainer}, a checkpoint every 2 batches. */
    static Trainer trainer(org.pnn4j.Network net, Path file) {
        return CheckpointV2Writer.trainer(net, 2).checkpoint(file).checkpointEvery(2);
    }

    @Test
    @EnabledIfSystemProperty(named = "pnn4j.writeCheckpointV3", matches = ".+")
    void write() {
        Path file = Path.of(System.getProperty("pnn4j.writeCheckpointV3")).toAbsolutePath();
        try {
            trainer(CheckpointV2Writer.network(7), file).listener(new TrainingListener() {
                @Override
                public void onBatchEnd(BatchProgress p) {
                    if (p.epoch() == 2 && p.batch() == 3) throw new IllegalStateException("stopped on purpose");
                }
            }).fit(CheckpointV2Writer.data().train());
        } catch (IllegalStateException expected) {
            // the file now holds the state after batch 2 of epoch 2
        }
    }
}
