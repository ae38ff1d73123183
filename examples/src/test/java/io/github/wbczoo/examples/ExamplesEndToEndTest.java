package io.github.wbczoo.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.models.ModelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every {@code *Example} program end to end (fit, evaluate, save, load, predict) on a
 * miniature copy of the real BCCD images: 6 TRAIN, 3 TEST and 2 TEST_SIMPLE images per class, so
 * that evaluating every model on TEST stays cheap, with 1 epoch on 4 images per class at 32x32 (the
 * smallest input VGG16 and the depthwise-separable network accept).
 */
class ExamplesEndToEndTest {
    static final Path BCCD = Path.of("../../shared/bccd/dataset2-master/images");
    static final Map<String, Integer> PER_CLASS = Map.of("TRAIN", 6, "TEST", 3, "TEST_SIMPLE", 2);
    static final UnaryOperator<ModelBuilder<?>> TINY = b -> b.epochs(1).limitPerClass(4).inputSize(32, 32);

    /** An example's {@code run}, with the data folder, output folder and builder settings the test chooses. */
    interface Runner {
        Map<Path, WbcModel> run(Path data, Path out, UnaryOperator<ModelBuilder<?>> shorten);
    }

    record Case(String name, Runner runner, int models) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> examples() {
        return List.of(
                new Case("ChenZhuExample", ChenZhuExample::run, 1),
                new Case("SarkarExample", SarkarExample::run, 3),
                new Case("OptimisationStudyExample", OptimisationStudyExample::run, 4),
                new Case("AndersonExample", (data, out, shorten) -> AndersonExample.run(data, null, out, shorten), 1),
                new Case("RaoExample", RaoExample::run, 1));
    }

    @TempDir
    static Path shared;
    static Path data;

    @BeforeAll
    static void copyAFewRealImages() throws IOException {
        data = shared.resolve("bccd");
        for (Map.Entry<String, Integer> split : PER_CLASS.entrySet()) {
            try (Stream<Path> classes = Files.list(BCCD.resolve(split.getKey()))) {
                for (Path classDir : classes.filter(Files::isDirectory).toList()) {
                    Path target = Files.createDirectories(data.resolve("dataset2-master/images")
                            .resolve(split.getKey()).resolve(classDir.getFileName().toString()));
                    try (Stream<Path> images = Files.list(classDir)) {
                        for (Path image : images.sorted().limit(split.getValue()).toList()) {
                            Files.copy(image, target.resolve(image.getFileName().toString()));
                        }
                    }
                }
            }
        }
    }

    @Test
    void everyExampleProgramIsCovered() throws IOException {
        List<String> programs;
        try (Stream<Path> files = Files.list(Path.of("src/main/java/io/github/wbczoo/examples"))) {
            programs = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith("Example.java"))
                    .map(n -> n.substring(0, n.length() - ".java".length()))
                    // inference only, nothing to fit or save: TrainedZooExampleTest runs it
                    .filter(n -> !n.equals("TrainedZooExample")).toList();
        }
        assertThat(examples()).extracting(Case::name).containsExactlyInAnyOrderElementsOf(programs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void fitsEvaluatesSavesLoadsAndPredicts(Case example, @TempDir Path dir) throws IOException {
        Path out = dir.resolve("out");

        Map<Path, WbcModel> saved = example.runner().run(data, out, TINY);

        assertThat(saved).hasSize(example.models());
        Path cell;
        try (Stream<Path> s = Files.list(data.resolve("dataset2-master/images/TEST_SIMPLE/MONOCYTE"))) {
            cell = s.sorted().findFirst().orElseThrow();
        }
        for (Map.Entry<Path, WbcModel> entry : saved.entrySet()) {
            assertThat(entry.getKey()).isRegularFile().startsWith(out);
            WbcModel loaded = WbcModel.load(entry.getKey());
            assertThat(loaded.architecture()).isEqualTo(entry.getValue().architecture());
            assertThat(loaded.dataConfig().width()).isEqualTo(32);
            assertThat(loaded.history().epochs()).hasSize(1);
            // Saving and loading must not change a single probability.
            assertThat(loaded.predict(cell).probabilities()).containsExactly(entry.getValue().predict(cell).probabilities());
        }
        List<Path> reports;
        try (Stream<Path> s = Files.walk(out)) {
            reports = s.filter(f -> f.getFileName().toString().equals("report.html")).toList();
        }
        assertThat(reports).hasSize(example.models());
        for (Path html : reports) {
            assertThat(html.resolveSibling("report.json")).isRegularFile();
            assertThat(html.resolveSibling("report.md")).isRegularFile();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void refusesAnOutputFolderThatExists(Case example, @TempDir Path dir) throws IOException {
        Path out = Files.createDirectories(dir.resolve("earlier-run"));
        Path earlier = Files.writeString(out.resolve("model.wbc"), "an earlier run");

        assertThatThrownBy(() -> example.runner().run(data, out, TINY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already exists");
        assertThat(earlier).hasContent("an earlier run");
    }
}
