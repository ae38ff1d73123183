package io.github.wbczoo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad arguments and bad paths end with exit code 2 and exactly one line on stderr that names the
 * problem, before any training starts.
 */
class CliBadInputTest {
    static final String BCCD = "../../shared/bccd";

    @TempDir
    Path dir;

    static Stream<Arguments> badInputs() {
        return Stream.of(
                bad("unknown model", d -> args("train", "--model", "resNet99", "--data", BCCD, "--out", d.resolve("run")),
                        "wbc train: Unknown model 'resNet99'; valid names: resNet18, "),
                bad("unknown paper", d -> args("reproduce", "smith-2020", "--data", BCCD, "--out", d.resolve("r")),
                        "wbc reproduce: Unknown paper 'smith-2020'; valid names: chen-zhu, sarkar, optimisation-study,"
                                + " anderson, rao"),
                bad("missing --data folder (train)", d -> args("train", "--model", "basicCnn", "--data", d.resolve("no-bccd"),
                        "--out", d.resolve("run")), "wbc train: --data " + "%DIR%/no-bccd: %DIR%/no-bccd does not exist."),
                bad("missing --data folder (reproduce)", d -> args("reproduce", "rao", "--data", d.resolve("no-bccd"),
                        "--out", d.resolve("r")), "wbc reproduce: --data %DIR%/no-bccd: %DIR%/no-bccd does not exist."),
                bad("--resume without a model", d -> args("train", "--model", "basicCnn", "--data", BCCD, "--resume",
                        "--out", d.resolve("empty")), "wbc train: --resume: no model to resume at %DIR%/empty/model.wbc"),
                bad("existing model without --resume", d -> args("train", "--model", "basicCnn", "--data", BCCD,
                        "--out", withModel(d)), "wbc train: %DIR%/run/model.wbc already exists: use --resume to continue it"
                                + " or choose another --out"),
                bad("malformed --input-size", d -> args("train", "--model", "basicCnn", "--data", BCCD, "--input-size", "40by30",
                        "--out", d.resolve("run")), "wbc train: --input-size must be WIDTHxHEIGHT with positive numbers,"
                                + " e.g. 80x60; got '40by30'"),
                bad("--epochs not a number", d -> args("train", "--model", "basicCnn", "--epochs", "two", "--out", d.resolve("run")),
                        "wbc train: Invalid value for option '--epochs': 'two' is not an int"),
                bad("reproduce without --out", d -> args("reproduce", "rao", "--data", BCCD),
                        "wbc reproduce: Missing required option: '--out=DIR' (see: wbc reproduce --help)"),
                bad("reproduce --epochs 0", d -> args("reproduce", "sarkar", "--epochs", "0", "--out", d.resolve("r")),
                        "wbc reproduce: --epochs must be at least 1, got 0"),
                bad("--batch 0", d -> args("train", "--model", "basicCnn", "--data", BCCD, "--batch", "0", "--out", d.resolve("run")),
                        "wbc train: --batch must be at least 1, got 0"),
                bad("--limit-per-class -1", d -> args("train", "--model", "basicCnn", "--data", BCCD, "--limit-per-class", "-1",
                        "--out", d.resolve("run")), "wbc train: --limit-per-class must be 0 (all images) or more, got -1"),
                bad("--out is a file", d -> args("train", "--model", "basicCnn", "--data", BCCD, "--out", file(d, "taken")),
                        "wbc train: --out %DIR%/taken is a file, not a folder; choose a folder path"),
                bad("--out not writable", d -> args("train", "--model", "basicCnn", "--data", BCCD, "--out", "/proc/wbc-run"),
                        "wbc train: --out /proc/wbc-run: cannot write in /proc (it does not accept new files);"
                                + " choose a folder you can write to"),
                bad("--resume with another architecture", d -> args("train", "--model", "myCnn.v9", "--data", BCCD, "--resume",
                        "--out", withRealModel(d)), "wbc train: --resume: %DIR%/real/model.wbc is a basicCnn model, not myCnn.v9;"
                                + " pass --model basicCnn or choose another --out"),
                bad("evaluate --out not writable", d -> args("evaluate", "--model", withRealModel(d).resolve("model.wbc"),
                        "--data", BCCD, "--out", "/proc/wbc-eval"),
                        "wbc evaluate: --out /proc/wbc-eval: cannot write in /proc (it does not accept new files)"),
                bad("predict --csv is a folder", d -> args("predict", "--model", withRealModel(d).resolve("model.wbc"),
                        "--csv", d.toString(), BCCD), "wbc predict: --csv %DIR% is a folder; give a file name, e.g. %DIR%/predictions.csv"),
                bad("quickstart into a folder with a model", d -> args("quickstart", "--data", BCCD, "--out", withModel(d)),
                        "wbc quickstart: %DIR%/run/model.wbc already exists: choose another --out, or leave --out out"
                                + " to get a new folder"),
                bad("reproduce into a folder with results", d -> args("reproduce", "sarkar", "--data", BCCD, "--out", withResults(d)),
                        "wbc reproduce: %DIR%/old/results.json already exists: choose another --out (or delete the folder)"
                                + " to run again"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void isExitCode2WithOneLine(String name, Function<Path, String[]> args, String expected) throws Exception {
        Path d = dir.toAbsolutePath();
        String[] arguments = args.apply(d);
        List<Path> before = tree(d);
        CliRunner.Result r = CliRunner.run(arguments);

        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines()).as(r.err()).hasSize(1);
        assertThat(r.err().strip()).startsWith(expected.replace("%DIR%", d.toString()));
        assertThat(r.out()).doesNotContain("Training ").doesNotContain("[1/").doesNotContain("Evaluating ");
        assertThat(tree(d)).as("nothing created or removed, no empty --out folder").isEqualTo(before);
    }

    private static List<Path> tree(Path d) throws java.io.IOException {
        try (Stream<Path> s = Files.walk(d)) {
            return s.sorted().toList();
        }
    }

    private static Arguments bad(String name, Function<Path, String[]> args, String expectedStart) {
        return Arguments.of(name, args, expectedStart);
    }

    private static String[] args(Object... parts) {
        return Stream.of(parts).map(Object::toString).toArray(String[]::new);
    }

    private static Path withModel(Path d) {
        return write(d.resolve("run/model.wbc"));
    }

    private static Path file(Path d, String name) {
        Path f = d.resolve(name);
        write(f);
        return f;
    }

    /** A folder holding a real (untrained, small) basicCnn model file. */
    private static Path withRealModel(Path d) {
        Path folder = d.resolve("real");
        if (!Files.exists(folder.resolve("model.wbc"))) {
            io.github.wbczoo.models.WbcModels.create("basicCnn").inputSize(30, 40).build().save(folder.resolve("model.wbc"));
        }
        return folder;
    }

    private static Path withResults(Path d) {
        return write(d.resolve("old/results.json"));
    }

    /** Creates a placeholder file and returns its folder. */
    private static Path write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "{}");
            return file.getParent();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
