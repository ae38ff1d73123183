package io.github.wbczoo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wbczoo.core.Json;
import io.github.wbczoo.core.TestSet;
import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.core.train.ProgressReporter;
import io.github.wbczoo.data.BccdDataset;
import io.github.wbczoo.data.BccdIterator;
import io.github.wbczoo.data.CellImageDataset;
import io.github.wbczoo.models.ModelSpec;
import io.github.wbczoo.models.Recipe;
import io.github.wbczoo.models.RunOptions;
import io.github.wbczoo.models.TrainingRun;
import io.github.wbczoo.models.WbcModels;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered model's declaration ({@link ModelSpec}, with the recipe its builder carries)
 * drives {@code ./wbc models}, {@code ./wbc data preview --recipe NAME} and a real training run
 * alike, whoever added the model: the listing shows the spec's paper and the recipe's size and
 * summary, the preview uses the recipe's augmentation, and {@code prepare(...).fit()} trains on
 * the recipe's normalisation, augmentation, batch size and split (one epoch on one image per class,
 * at the spec's test input size).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryRecipeTest {
    static final Path BCCD = Path.of("../../shared/bccd");
    private final Map<String, JsonNode> listed = new HashMap<>();
    private CellImageDataset bccd;

    @TempDir
    Path dir;

    static Stream<String> names() {
        return WbcModels.names().stream();
    }

    @BeforeAll
    void listAndOpen() throws Exception {
        CliRunner.Result r = CliRunner.run("models", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Json.mapper().readTree(r.out()).forEach(m -> listed.put(m.get("name").asText(), m));
        bccd = BccdDataset.open(BCCD);
    }

    @ParameterizedTest
    @MethodSource("names")
    void theRecipeDrivesTheListingThePreviewAndTraining(String name) throws Exception {
        ModelSpec spec = WbcModels.spec(name);
        Recipe recipe = spec.builder().recipe();

        JsonNode row = listed.get(name);
        assertThat(row).as("./wbc models lists " + name).isNotNull();
        assertThat(row.get("paper").asText()).isEqualTo(spec.paper().name());
        assertThat(row.get("inputHeight").asInt()).isEqualTo(recipe.data().height());
        assertThat(row.get("inputWidth").asInt()).isEqualTo(recipe.data().width());
        assertThat(row.get("recipe").asText()).isEqualTo(recipe.summary());

        Path sheet = dir.resolve(name + ".png");
        CliRunner.Result preview = CliRunner.run("data", "preview", "--data", BCCD.toString(), "--recipe", name,
                "--out", sheet.toString(), "--copies", "1", "--size", "40x30");
        assertThat(preview.exitCode()).as(preview.err()).isZero();
        assertThat(preview.out()).contains("recipe " + name + ", augmentation " + recipe.augmentation().summary());
        assertThat(ImageIO.read(sheet.toFile())).isNotNull();

        TrainingRun run = spec.testBuilder().epochs(1).limitPerClass(1).testLimitPerClass(1)
                .prepare(bccd, RunOptions.defaults().progress(ProgressReporter.silent()));
        BccdIterator train = (BccdIterator) run.data().train();
        assertThat(train.augmentation()).isEqualTo(recipe.augmentation());
        assertThat(train.batch()).isEqualTo(recipe.batchSize());
        assertThat(run.data().dataConfig().normalization().kind()).isEqualTo(recipe.data().normalization().kind());
        assertThat(run.data().dataConfig().layout()).isEqualTo(recipe.data().layout());
        assertThat(run.data().leaky()).isEqualTo(recipe.split().leaky());
        assertThat(run.testSets()).extracting(TestSet::name).containsExactlyElementsOf(CellImageDataset.heldOutSplits(recipe.split()));
        WbcModel model = run.fit();
        assertThat(model.history().epochs()).hasSize(1);
        assertThat(model.history().last().trainLoss()).isFinite();
        assertThat(model.notes().get(WbcModel.SPLIT_NOTE)).endsWith(run.data().description());
        assertThat(model.trainedOnLeakySplit()).isEqualTo(recipe.split().leaky());
    }
}
