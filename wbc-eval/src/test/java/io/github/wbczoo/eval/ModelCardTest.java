package io.github.wbczoo.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wbczoo.core.Json;
import io.github.wbczoo.core.WbcModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model card states the figures of the report it was made from, the limits and the command, in Markdown and JSON. */
class ModelCardTest {
    @TempDir
    Path dir;

    @Test
    void theCardStatesTheReportsFiguresPerImageAndPerCellWithTheLimitsAndTheCommand() throws Exception {
        WbcModel model = TinyModels.model(3);
        Predictions test = Fixtures.random(120, 5, 0.6);
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            cells.add("cell-" + (i % 30));
        }
        Evaluator evaluator = new Evaluator(EvaluationSettings.defaults().withResamples(200));
        EvaluationReport report = EvaluationReport.builder(model.architecture())
                .split(evaluator.evaluate("TEST", test.withGroups(cells)))
                .split(evaluator.evaluate("TEST_SIMPLE", Fixtures.random(71, 6, 0.6))).build();
        ModelCard card = ModelCard.of("tiny", model, report, "./wbc train --model tiny --epochs 3 --out runs/tiny");
        card.writeTo(dir);

        SplitEvaluation t = report.split("TEST");
        JsonNode json = Json.mapper().readTree(Files.readString(dir.resolve("card.json")));
        assertThat(json.get("name").asText()).isEqualTo("tiny");
        assertThat(json.get("command").asText()).isEqualTo("./wbc train --model tiny --epochs 3 --out runs/tiny");
        JsonNode tj = json.get("splits").get("TEST");
        assertThat(tj.get("images").asInt()).isEqualTo(120);
        assertThat(tj.get("cells").asInt()).isEqualTo(30);
        assertThat(tj.get("correct").asLong()).isEqualTo(t.confusion().correct());
        assertThat(tj.get("accuracy").asDouble()).isEqualTo(t.metrics().accuracy());
        assertThat(tj.get("accuracyCi").get(0).asDouble()).isEqualTo(t.bootstrap().accuracy().lower());
        assertThat(tj.get("cellAccuracy").asDouble()).isEqualTo(t.cellAccuracy());
        assertThat(json.get("splits").get("TEST_SIMPLE").get("cellAccuracy").isNull()).isTrue();
        // Per-class recall says how many source cells of the class stand behind it (none known: 0).
        for (io.github.wbczoo.core.CellClass c : test.classes().classes()) {
            long expectedCells = java.util.stream.IntStream.range(0, test.size()).filter(i -> test.trueClass(i).equals(c))
                    .mapToObj(cells::get).distinct().count();
            assertThat(tj.get("cellSupport").get(c.name()).asLong()).as(c.name()).isEqualTo(expectedCells);
            assertThat(json.get("splits").get("TEST_SIMPLE").get("cellSupport").get(c.name()).asLong()).isZero();
        }

        String md = Files.readString(dir.resolve("card.md"));
        assertThat(md).startsWith("# tiny trained on BCCD").contains("| TEST | 120 / 30 | " + t.confusion().correct() + " | ")
                .contains("Per-class recall (images / source cells of the class)")
                .contains("**Known limits.**").contains("For research use. Not a medical device; not for diagnosis.")
                .contains("```bash\n./wbc train --model tiny --epochs 3 --out runs/tiny\n```");
        assertThat(md).isEqualTo(card.markdown());
    }
}
