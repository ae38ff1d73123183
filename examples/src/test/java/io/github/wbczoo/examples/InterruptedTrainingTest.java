package io.github.wbczoo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wbczoo.core.EpochRecord;
import io.github.wbczoo.core.ModelFileInfo;
import io.github.wbczoo.core.WbcModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training run stopped with Ctrl-C (SIGINT) mid-way, its output piped to a file as under nohup
 * or CI: progress lines appear inside epochs, the run says where its best model is and exits 130,
 * the best model and the latest epoch are complete loadable files, and {@code --resume}
 * continues from the latest epoch without replacing a better model.
 */
class InterruptedTrainingTest {
    static final String BCCD = "../../shared/bccd";
    /** Long enough that the run is always interrupted while it is still training. */
    static final int EPOCHS = 40;

    @TempDir
    Path dir;

    @Test
    void ctrlCLeavesTheBestModelAndTheLatestEpochAndResumeContinues() throws Exception {
        Path run = dir.resolve("run");
        Path best = run.resolve("model.wbc");
        Path last = run.resolve("last.wbc");
        Path log = dir.resolve("train.log");
        // 100 images per class at 40x30: an epoch takes about a second, so after the second checkpoint
        // appears the next one is far off and the signal cannot land in the middle of a save.
        ProcessBuilder pb = new ProcessBuilder(CliProcess.command("train", "--model", "basicCnn", "--data", BCCD,
                "--input-size", "40x30", "--epochs", Integer.toString(EPOCHS), "--limit-per-class", "100",
                "--out", run.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("WBC_PROGRESS_SECONDS", "0");
        Process training = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!(Files.exists(last) && ModelFileInfo.read(last).weightsEpoch() >= 2) && training.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(last).as(Files.readString(log)).exists();
            assertThat(training.isAlive()).as("still training when the checkpoint appeared").isTrue();
            new ProcessBuilder("kill", "-INT", Long.toString(training.pid())).start().waitFor();
            assertThat(training.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            training.destroyForcibly();
            training.waitFor(30, TimeUnit.SECONDS);
        }
        String output = Files.readString(log);
        assertThat(training.exitValue()).as(output).isEqualTo(130);

        ModelFileInfo bestInfo = ModelFileInfo.read(best);
        assertThat(output).contains("interrupted; best model (epoch " + bestInfo.weightsEpoch() + ", val_accuracy ")
                .contains(") at " + best.toAbsolutePath() + "; continue with --resume");
        // Piped output still shows progress inside each epoch, training and validation.
        assertThat(output).containsPattern("epoch 1/40 training: [0-9,]+/400 images \\(\\d+%\\), [0-9.]+ img/s, loss ")
                .containsPattern("epoch 1/40 validating: [0-9,]+/\\d+ images").contains("epoch 1/40: loss ");

        try (Stream<Path> files = Files.list(run)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).as("no temporary or partial files")
                    .allMatch(n -> !n.endsWith(".tmp")).contains("model.wbc", "last.wbc");
        }
        WbcModel checkpoint = WbcModel.load(best);
        assertThat(checkpoint.architecture()).isEqualTo("basicCnn");
        assertThat(checkpoint.dataConfig().normalization().isFitted()).isTrue();
        assertThat(checkpoint.weightsEpoch()).isEqualTo(checkpoint.history().bestEpoch());
        assertThat(checkpoint.predict(Path.of(BCCD, "dataset2-master/images/TEST_SIMPLE/MONOCYTE")
                .resolve(firstFile("MONOCYTE"))).probabilities()).hasSize(4);

        int epochsDone = ModelFileInfo.read(last).weightsEpoch();
        assertThat(epochsDone).isBetween(2, EPOCHS - 1);
        CliRunner.Result resumed = CliRunner.run("train", "--model", "basicCnn", "--data", BCCD, "--input-size", "40x30",
                "--epochs", Integer.toString(epochsDone + 2), "--limit-per-class", "100", "--out", run.toString(), "--resume");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("Resuming basicCnn").contains("after epoch " + epochsDone + "; best so far epoch ");

        // The best-model file holds the best epoch of the whole history, and carries that history.
        ModelFileInfo after = ModelFileInfo.read(best);
        List<Integer> epochs = after.history().epochs().stream().map(EpochRecord::epoch).toList();
        assertThat(epochs).hasSize(epochsDone + 2).startsWith(1, 2).endsWith(epochsDone + 2);
        assertThat(after.weightsEpoch()).isEqualTo(after.history().bestEpoch());
        double bestBefore = bestInfo.weightsMetric("val_accuracy");
        assertThat(after.weightsMetric("val_accuracy")).isGreaterThanOrEqualTo(bestBefore);
        assertThat(ModelFileInfo.read(last).weightsEpoch()).isEqualTo(epochsDone + 2);
    }

    private static String firstFile(String cls) throws Exception {
        try (Stream<Path> s = Files.list(Path.of(BCCD, "dataset2-master/images/TEST_SIMPLE", cls))) {
            return s.map(p -> p.getFileName().toString()).sorted().findFirst().orElseThrow();
        }
    }
}
