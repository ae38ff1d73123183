package io.github.wbczoo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wbczoo.core.ModelFileInfo;
import io.github.wbczoo.core.OutputLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code train} runs into one {@code --out}: the second fails at once, naming the first
 * (its pid), while the first completes and keeps its model.
 */
class ConcurrentTrainingTest {
    static final String BCCD = "../../shared/bccd";

    @TempDir
    Path dir;

    @Test
    void aSecondRunIntoTheSameFolderFailsAtOnceWhileTheFirstCompletes() throws Exception {
        Path run = dir.resolve("run");
        Path log = dir.resolve("first.log");
        Process first = new ProcessBuilder(CliProcess.command("train", "--model", "basicCnn", "--data", BCCD,
                "--input-size", "40x30", "--epochs", "3", "--limit-per-class", "60", "--out", run.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(run.resolve(OutputLock.FILE_NAME)) && first.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(first.isAlive()).as(Files.readString(log)).isTrue();

            CliRunner.Result second = CliRunner.run("train", "--model", "basicCnn", "--data", BCCD, "--input-size", "40x30",
                    "--epochs", "3", "--limit-per-class", "60", "--out", run.toString());
            assertThat(second.exitCode()).as(second.err()).isEqualTo(2);
            assertThat(second.err().strip())
                    .startsWith("wbc train: --out " + run.toAbsolutePath() + " is in use by another wbc run (pid " + first.pid()
                            + ", started ")
                    .endsWith("); wait for it to finish or choose another output folder");
            assertThat(second.out()).doesNotContain("Training ");

            assertThat(first.waitFor(300, TimeUnit.SECONDS)).isTrue();
        } finally {
            first.destroyForcibly();
            first.waitFor(30, TimeUnit.SECONDS);
        }
        String output = Files.readString(log);
        assertThat(first.exitValue()).as(output).isZero();
        assertThat(output).contains("Validation accuracy");
        ModelFileInfo model = ModelFileInfo.read(run.resolve("model.wbc"));
        assertThat(model.history().epochs()).hasSize(3);
        assertThat(model.weightsEpoch()).isEqualTo(model.history().bestEpoch());
        assertThat(run.resolve(OutputLock.FILE_NAME)).as("released when the run ended").doesNotExist();
    }
}
