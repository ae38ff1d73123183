package io.github.wbczoo.pretrained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wbczoo.core.Json;
import io.github.wbczoo.core.WbcEnsemble;
import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.data.BccdDataset;
import io.github.wbczoo.data.CellImageDataset;
import io.github.wbczoo.data.LabeledImage;
import io.github.wbczoo.data.Split;
import io.github.wbczoo.eval.EvaluationSettings;
import io.github.wbczoo.eval.EvaluationSplit;
import io.github.wbczoo.eval.Evaluator;
import io.github.wbczoo.eval.SplitEvaluation;
import io.github.wbczoo.models.Pretrained;
import io.github.wbczoo.models.WbcModels;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped model loads from this jar through {@code WbcModels.pretrained}, and on
 * TEST_SIMPLE's 71 original images it gets exactly as many right as its card states (inference
 * only, deterministic): a card that does not describe the weights beside it fails here.
 */
class ShippedModelsTest {
    static final Path BCCD = Path.of("../../shared/bccd");

    static Stream<String> shipped() {
        return Pretrained.names().stream();
    }

    @Test
    void everyIndexedNameIsARegisteredModelWithItsFilesAndTheIndexIsNotEmpty() {
        assertThat(Pretrained.names()).as("wbc-pretrained ships at least one model").isNotEmpty();
        for (String name : Pretrained.names()) {
            assertThat(WbcModels.names()).contains(name);
            assertThat(getClass().getResource("/io/github/wbczoo/pretrained/" + name + "/model.wbc")).as(name).isNotNull();
            assertThat(Pretrained.card(name)).startsWith("# " + name + " trained on BCCD").contains("**Known limits.**")
                    .contains("**Reproduce.**");
        }
        assertThatThrownBy(() -> WbcModels.pretrained("resNet18x")).hasMessageStartingWith("Unknown model 'resNet18x'");
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void testSimpleGivesExactlyTheCardsFigure(String name) throws Exception {
        JsonNode card = cardJson(name);
        WbcModel model = WbcModels.pretrained(name);
        assertThat(model.architecture()).isEqualTo(name);
        CellImageDataset bccd = BccdDataset.builder(BCCD).noDiskCache().open();
        SplitEvaluation simple = new Evaluator(EvaluationSettings.defaults().withResamples(100)).evaluate(model,
                List.of(EvaluationSplit.of("TEST_SIMPLE", bccd.iterator(Split.TEST_SIMPLE, model.dataConfig(), 32))))
                .split("TEST_SIMPLE");
        JsonNode stated = card.get("splits").get("TEST_SIMPLE");
        assertThat(simple.n()).isEqualTo(stated.get("images").asInt());
        assertThat(simple.confusion().correct()).as("%s: right on TEST_SIMPLE", name).isEqualTo(stated.get("correct").asLong());
        assertThat(simple.metrics().accuracy()).isEqualTo(stated.get("accuracy").asDouble());
    }

    private JsonNode cardJson(String name) throws java.io.IOException {
        try (InputStream in = getClass().getResourceAsStream("/io/github/wbczoo/pretrained/" + name + "/card.json")) {
            return Json.mapper().readTree(in);
        }
    }

    static Stream<String> ensembles() {
        return Pretrained.ensembleNames().stream();
    }

    /**
     * Each shipped ensemble (README, "Use a trained model") gets exactly its card's TEST_SIMPLE count
     * right through {@code WbcEnsemble.predict} on the image files, as its card was computed from the
     * members' evaluations averaged; its members are shipped models.
     */
    @ParameterizedTest
    @MethodSource("ensembles")
    void anEnsembleGetsItsCardsCountFromTheFiles(String name) throws Exception {
        JsonNode card = cardJson(name);
        WbcEnsemble both = Pretrained.ensemble(name);
        assertThat(both.name()).isEqualTo(name);
        assertThat(Pretrained.card(name)).startsWith("# " + name + " trained on BCCD").contains("**Known limits.**");
        for (WbcModel member : both.members()) {
            assertThat(Pretrained.names()).contains(member.architecture());
        }
        CellImageDataset bccd = BccdDataset.builder(BCCD).noDiskCache().open();
        long right = 0;
        long images = 0;
        for (LabeledImage image : bccd.images(Split.TEST_SIMPLE)) {
            images++;
            if (both.predict(image.file()).predicted().equals(image.label())) {
                right++;
            }
        }
        JsonNode stated = card.get("splits").get("TEST_SIMPLE");
        assertThat(images).isEqualTo(stated.get("images").asLong());
        assertThat(right).as("%s right on TEST_SIMPLE", name).isEqualTo(stated.get("correct").asLong());
        assertThatThrownBy(() -> Pretrained.ensemble("myCnn.v9+resNet18"))
                .hasMessage("No pretrained ensemble myCnn.v9+resNet18; shipped: " + String.join(", ", Pretrained.ensembleNames()));
    }
}
