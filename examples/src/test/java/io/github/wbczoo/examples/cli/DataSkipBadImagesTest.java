package io.github.wbczoo.examples.cli;

import io.github.wbczoo.core.BccdClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wbczoo.core.Json;
import io.github.wbczoo.data.DataProblem;
import io.github.wbczoo.examples.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Empty and corrupt images: listed by {@code ./wbc data check} without stopping it, a one-line error
 * naming the file and {@code --skip-bad-images} elsewhere, and skipped and reported with that option.
 */
class DataSkipBadImagesTest {
    private static final String NL = System.lineSeparator();
    private static final String EMPTY = "empty file (0 bytes); expected a JPEG or PNG image";

    @TempDir
    Path dir;

    @Test
    void anEmptyImageIsACorruptFileInDataCheckWhichExits1() throws Exception {
        Path tiny = DataFixtures.tiny(dir);
        Path empty = Files.write(DataFixtures.classDir(tiny, "TEST", BccdClasses.MONOCYTE).resolve("_2_9.png"), new byte[0])
                .toAbsolutePath();
        CliRunner.Result r = CliRunner.run("data", "check", "--data", tiny.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(WbcCli.EXIT_PROBLEMS);
        assertThat(r.out()).contains("corrupt files: 1" + NL + "  " + empty + ": " + EMPTY + NL)
                .contains(String.format(Locale.ROOT, "%-12s %11d %11d %11d %11d %7d", "TEST", 2, 2, 3, 2, 9))
                .doesNotContain("skipped files");
        assertThat(r.err()).isEqualTo("wbc data check: problems found: counts differ from the published BCCD counts;"
                + " 1 corrupt files (e.g. " + empty + ": " + EMPTY + ")" + NL);

        CliRunner.Result json = CliRunner.run("data", "check", "--data", tiny.toString(), "--json");
        assertThat(json.exitCode()).isEqualTo(WbcCli.EXIT_PROBLEMS);
        JsonNode report = Json.mapper().readTree(json.out());
        assertThat(report.get("total").asInt()).isEqualTo(25);
        assertThat(report.get("corrupt")).hasSize(1);
        assertThat(report.get("corrupt").get(0).get("file").asText()).isEqualTo(empty.toString());
        assertThat(report.get("corrupt").get(0).get("reason").asText()).isEqualTo(EMPTY);
        assertThat(report.get("skipped")).isEmpty();
        assertThat(report.get("imageSizes").get("16x12").asInt()).isEqualTo(24);
    }

    @Test
    void withSkipBadImagesOrTheOldLenientDataCheckListsProblemsAndExits0() {
        Path tiny = DataFixtures.tiny(dir);
        Path empty = write(DataFixtures.classDir(tiny, "TRAIN", BccdClasses.EOSINOPHIL).resolve("_0_9.jpeg"), "");
        for (String option : List.of("--skip-bad-images", "--lenient")) {
            CliRunner.Result r = CliRunner.run("data", "check", "--data", tiny.toString(), option);
            assertThat(r.exitCode()).as(option + ": " + r.err()).isEqualTo(WbcCli.EXIT_OK);
            assertThat(r.out()).contains("corrupt files: 1" + NL + "  " + empty + ": " + EMPTY + NL);
            assertThat(r.err()).isEmpty();
        }
    }

    @Test
    void aStrayFileIsListedByDataCheckInsteadOfStoppingIt() {
        Path tiny = DataFixtures.tiny(dir);
        Path notes = write(DataFixtures.classDir(tiny, "TEST", BccdClasses.NEUTROPHIL).resolve("notes.txt"), "labels");
        CliRunner.Result r = CliRunner.run("data", "check", "--data", tiny.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(WbcCli.EXIT_PROBLEMS);
        assertThat(r.out()).contains("corrupt files: none" + NL).contains("skipped files: 1" + NL + "  " + notes
                + ": not an image file (extension .txt); expected .jpeg, .jpg, .png, .tif or .bmp files" + NL);
        assertThat(r.err()).startsWith("wbc data check: problems found: counts differ from the published BCCD counts;"
                + " 1 unusable files skipped (e.g. " + notes + ": not an image file");
    }

    @Test
    void strictTrainingStopsBeforeAnyWorkNamingTheFileAndTheOption() {
        Path tiny = DataFixtures.tiny(dir);
        Path empty = write(DataFixtures.classDir(tiny, "TRAIN", BccdClasses.LYMPHOCYTE).resolve("_1_9.jpeg"), "");
        Path run = dir.resolve("run");
        CliRunner.Result r = CliRunner.run("train", "--model", "basicCnn", "--data", tiny.toString(), "--out", run.toString());
        assertThat(r.exitCode()).isEqualTo(WbcCli.EXIT_BAD_INPUT);
        assertThat(r.err()).isEqualTo("wbc train: " + empty + ": " + EMPTY + "; fix or remove it, or rerun with"
                + " --skip-bad-images" + NL);
        assertThat(r.out()).doesNotContain("Training");
        assertThat(run).doesNotExist();
    }

    @Test
    void aCorruptImageMetWhenDecodingNamesTheOptionAndWithItIsSkippedAndReported() {
        Path tiny = DataFixtures.tiny(dir);
        Path eos = DataFixtures.classDir(tiny, "TRAIN", BccdClasses.EOSINOPHIL);
        // Nine corrupt EOSINOPHIL images beside the two good ones: some seed makes the preview choose one.
        IntStream.range(0, 9).forEach(i -> write(eos.resolve("_0_x" + i + ".png"), "not a png"));
        Path sheet = dir.resolve("sheet.png");
        CliRunner.Result strict = null;
        long seed = -1;
        for (long s = 0; s < 40 && seed < 0; s++) {
            strict = preview(tiny, sheet, s);
            if (strict.exitCode() != WbcCli.EXIT_OK) {
                seed = s;
            }
        }
        assertThat(seed).as("a seed that picks a corrupt image").isNotNegative();
        assertThat(strict.exitCode()).isEqualTo(WbcCli.EXIT_BAD_INPUT);
        String corrupt = "; expected a JPEG or PNG image";
        assertThat(strict.err()).matches("wbc data preview: Cannot use image \\Q" + eos + "/_0_x\\E\\d\\.png: not an image"
                + " format Java can read \\(it starts with bytes 6e 6f 74 20 61 20 70 6e \"not a pn\"\\)\\Q" + corrupt
                + "; fix or remove it, or rerun with --skip-bad-images\\E\\R");

        CliRunner.Result lenient = CliRunner.run("data", "preview", "--data", tiny.toString(), "--recipe", "none",
                "--out", sheet.toString(), "--copies", "1", "--seed", Long.toString(seed), "--skip-bad-images");
        assertThat(lenient.exitCode()).as(lenient.err()).isEqualTo(WbcCli.EXIT_OK);
        assertThat(sheet).exists();
        List<String> lines = lenient.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("wrote " + sheet.toAbsolutePath());
        assertThat(lines.get(1)).matches("Skipped \\d unreadable images?: \\Q" + eos + "/_0_x\\E\\d\\.png \\(not an image"
                + " format Java can read .*\\Q" + corrupt + ")\\E.*");
    }

    @Test
    void theSkippedSummaryNamesTheFirstFiveAndCountsTheRest() {
        assertThat(DataOption.summary(List.of())).isEmpty();
        assertThat(DataOption.summary(List.of(new DataProblem(Path.of("/d/a.jpeg"), EMPTY))))
                .contains("Skipped 1 unreadable image: /d/a.jpeg (" + EMPTY + ")");
        List<DataProblem> seven = IntStream.range(0, 7).mapToObj(i -> new DataProblem(Path.of("/d/" + i + ".jpeg"), "r" + i))
                .toList();
        assertThat(DataOption.summary(seven)).contains("Skipped 7 unreadable images: /d/0.jpeg (r0), /d/1.jpeg (r1),"
                + " /d/2.jpeg (r2), /d/3.jpeg (r3), /d/4.jpeg (r4) and 2 more (./wbc data check lists them all)");
        DataOption none = new DataOption();
        assertThat(none.skippedSummary()).isEqualTo(Optional.empty());
        assertThat(none.reportSkipped(System.out)).isZero();
    }

    @Test
    void everyCommandThatOpensTheDataHasTheOption() {
        CommandLine cli = WbcCli.newCommandLine();
        for (List<String> path : List.of(List.of("train"), List.of("evaluate"), List.of("quickstart"), List.of("reproduce"),
                List.of("data", "check"), List.of("data", "preview"))) {
            CommandLine c = cli;
            for (String name : path) {
                c = c.getSubcommands().get(name);
            }
            assertThat(c.getCommandSpec().findOption("--skip-bad-images")).as(String.join(" ", path)).isNotNull();
            assertThat(c.getCommandSpec().findOption("--data")).as(String.join(" ", path)).isNotNull();
        }
    }

    private CliRunner.Result preview(Path tiny, Path sheet, long seed) {
        return CliRunner.run("data", "preview", "--data", tiny.toString(), "--recipe", "none", "--out", sheet.toString(),
                "--copies", "1", "--seed", Long.toString(seed));
    }

    private static Path write(Path file, String content) {
        try {
            return Files.writeString(file, content).toAbsolutePath();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
