package io.github.wbczoo.core.train;

import static io.github.wbczoo.core.train.CallbackFixtures.epoch;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.wbczoo.core.WbcModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCheckpointTest {
    @TempDir
    Path dir;

    @Test
    void saveBestOnlyWritesOnImprovementAndKeepsTheBest() {
        WbcModel model = CallbackFixtures.model(0.1);
        TrainingContext ctx = CallbackFixtures.context(model, 4);
        Path file = dir.resolve("best.wbc");
        ModelCheckpoint cb = new ModelCheckpoint(file, "val_loss", true);
        cb.onTrainBegin(ctx);
        double[] loss = {1.0, 0.8, 0.9, 0.7, 0.75};
        for (int e = 1; e <= loss.length; e++) {
            model.network().params().assign(e);
            cb.onEpochEnd(epoch(e, loss[e - 1], 0.5), ctx);
        }
        assertThat(cb.saves()).isEqualTo(3);
        assertThat(cb.best()).isEqualTo(0.7);
        assertThat(WbcModel.load(file).network().params().meanNumber().doubleValue()).isEqualTo(4.0);
    }

    @Test
    void epochPatternWritesOneFilePerEpoch() throws IOException {
        WbcModel model = CallbackFixtures.model(0.1);
        TrainingContext ctx = CallbackFixtures.context(model, 3);
        ModelCheckpoint cb = new ModelCheckpoint(dir.resolve("model-{epoch}.wbc"), "val_loss", false);
        cb.onTrainBegin(ctx);
        for (int e = 1; e <= 3; e++) {
            cb.onEpochEnd(epoch(e, 1.0, 0.5), ctx);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("model-01.wbc", "model-02.wbc", "model-03.wbc");
        }
    }
}
