package io.github.wbczoo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.examples.cli.WbcCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training run killed mid-way (SIGKILL, as a crash or the OOM killer would; Ctrl-C stops the JVM
 * no more gently for a file being written) leaves the best model so far as a complete, loadable
 * file, with no temporary files beside it, and {@code --resume} continues it.
 */
class InterruptedTrainingTest {
    static final String BCCD = "../../shared/bccd";
    /** Long enough that the run is always killed while it is still training. */
    static final int EPOCHS = 40;

    @TempDir
    Path dir;

    @Test
    void aKilledTrainingRunLeavesItsLastCheckpointLoadableAndResumable() throws Exception {
        Path run = dir.resolve("run");
        Path model = run.resolve("model.wbc");
        // 100 images per class at 40x30: an epoch takes about a second, so after the first checkpoint
        // appears the next one is far off and the kill cannot land in the middle of a save.
        Process training = new ProcessBuilder(javaCommand("train", "--model", "basicCnn", "--data", BCCD,
                "--input-size", "40x30", "--epochs", Integer.toString(EPOCHS), "--limit-per-class", "100",
                "--out", run.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("train.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(model) && training.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(model).as(Files.readString(dir.resolve("train.log"))).exists();
            assertThat(training.isAlive()).as("still training when the first checkpoint appeared").isTrue();
        } finally {
            training.destroyForcibly();
            training.waitFor(30, TimeUnit.SECONDS);
        }

        try (Stream<Path> files = Files.list(run)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).as("no temporary or partial files")
                    .containsExactly("model.wbc");
        }
        WbcModel checkpoint = WbcModel.load(model);
        int epochsDone = checkpoint.history().epochs().size();
        assertThat(checkpoint.architecture()).isEqualTo("basicCnn");
        assertThat(epochsDone).isBetween(1, EPOCHS - 1);
        assertThat(checkpoint.dataConfig().normalization().isFitted()).isTrue();
        assertThat(checkpoint.predict(Path.of(BCCD, "dataset2-master/images/TEST_SIMPLE/MONOCYTE")
                .resolve(firstFile("MONOCYTE"))).probabilities()).hasSize(4);

        CliRunner.Result resumed = CliRunner.run("train", "--model", "basicCnn", "--data", BCCD, "--input-size", "40x30",
                "--epochs", Integer.toString(epochsDone + 1), "--limit-per-class", "100", "--out", run.toString(), "--resume");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("resuming after epoch " + epochsDone);
        List<Integer> epochs = WbcModel.load(model).history().epochs().stream().map(e -> e.epoch()).toList();
        assertThat(epochs).hasSize(epochsDone + 1).endsWith(epochsDone + 1);
    }

    private static String firstFile(String cls) throws Exception {
        try (Stream<Path> s = Files.list(Path.of(BCCD, "dataset2-master/images/TEST_SIMPLE", cls))) {
            return s.map(p -> p.getFileName().toString()).sorted().findFirst().orElseThrow();
        }
    }

    /** The CLI in a second JVM with this test's class path (Surefire passes it in surefire.test.class.path). */
    private static List<String> javaCommand(String... args) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx1g", "-Dorg.bytedeco.javacpp.maxbytes=4G",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=6G", "-cp", classPath, WbcCli.class.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
