package io.github.wbczoo.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wbczoo.core.Json;
import io.github.wbczoo.eval.ConfidenceInterval;
import io.github.wbczoo.reproduce.ReproductionTable.ExperimentResult;
import io.github.wbczoo.reproduce.ReproductionTable.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table of a run in progress: finished experiments with figures and intervals, the rest pending. */
class ReproductionTableTest {
    @TempDir
    Path dir;

    @Test
    void finishedRowsShowOursWithIntervalsAndTheRestArePending() throws Exception {
        PaperReproduction sarkar = Papers.byId("sarkar");
        ReproductionTable table = new ReproductionTable(sarkar, new RunSettings(2, 100, null, 42, null, 1000));
        Experiment cross = sarkar.experiments().get(0);
        table.add(new ExperimentResult(cross, 2, "BCCD: train 400 / validation 100", 12.3, "sparse/model.wbc", "sparse/report",
                List.of(new Row(cross.figures().get(0), 0.6131, new ConfidenceInterval(0.593, 0.632, 0.95, 1000), 2487L, false),
                        new Row(cross.figures().get(1), 0.5352, new ConfidenceInterval(0.42, 0.65, 0.95, 1000), 71L, false),
                        new Row(cross.figures().get(2), 0.9876, null, null, false)),
                List.of("Small split: TEST_SIMPLE has only 71 images")));
        table.writeTo(dir);

        String md = Files.readString(dir.resolve("results.md"));
        assertThat(md).contains("1 of 3 experiments done.")
                .contains("**Shortened run** (--epochs 2, --limit-per-class 100)")
                .contains("| Sparse categorical cross-entropy | `unetEncoder` loss=sparse_categorical_crossentropy, split=validation on TEST | TEST accuracy"
                        + " | ~70% | Sec. 3 (Figs. 1-3) | 61.3% | 59.3–63.2% | 2,487 |")
                .contains("|  |  | TEST_SIMPLE accuracy | — | not evaluated in the paper | 53.5% | 42.0–65.0% | 71 |")
                .contains("|  |  | training accuracy (last epoch) | 100% | Sec. 3 (Figs. 1-3) | 98.8% |  |  |")
                .contains("| Huber | `unetEncoder` loss=huber, split=validation on TEST | TEST accuracy | ~25% | Sec. 3 (Figs. 1-3) | pending |  |  |")
                .contains("  - Warning: Small split: TEST_SIMPLE has only 71 images")
                .doesNotContain("leaky");

        JsonNode json = Json.mapper().readTree(Files.readString(dir.resolve("results.json")));
        JsonNode done = json.get("experiments").get(0);
        assertThat(done.get("status").asText()).isEqualTo("done");
        assertThat(done.get("figures").get(1).get("paper").asText()).isEqualTo("—");
        assertThat(done.get("figures").get(1).get("paperValue").isNull()).isTrue();
        assertThat(done.get("figures").get(0).get("interval").get("lower").asDouble()).isEqualTo(0.593);
        assertThat(done.get("figures").get(2).get("interval").isNull()).isTrue();
        JsonNode pending = json.get("experiments").get(2);
        assertThat(pending.get("status").asText()).isEqualTo("pending");
        assertThat(pending.get("figures").get(0).has("ours")).isFalse();
        assertThat(json.get("settings").get("limitPerClass").asInt()).isEqualTo(100);
        assertThat(json.get("settings").get("testLimitPerClass").isNull()).isTrue();
    }
}
