package io.github.wbczoo.examples.cli;

import io.github.wbczoo.core.BccdClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wbczoo.core.Json;
import io.github.wbczoo.examples.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 0-byte image is reported, not fatal, in train and evaluate with {@code --skip-bad-images}. */
class SkipBadImagesTrainEvaluateTest {
    @TempDir
    Path dir;

    @Test
    void trainAndEvaluateSkipAnEmptyImageAndSayWhichOne() throws Exception {
        Path tiny = DataFixtures.tiny(dir);
        Path emptyTrain = Files.createFile(DataFixtures.classDir(tiny, "TRAIN", BccdClasses.MONOCYTE).resolve("_2_9.png"));
        Path emptyTest = Files.createFile(DataFixtures.classDir(tiny, "TEST_SIMPLE", BccdClasses.NEUTROPHIL).resolve("_3_9.png"));
        Path run = dir.resolve("run");

        CliRunner.Result train = CliRunner.run("train", "--model", "basicCnn", "--data", tiny.toString(), "--input-size", "40x30",
                "--epochs", "1", "--skip-bad-images", "--out", run.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.out()).contains("Skipped 1 unreadable image").contains(emptyTrain.toAbsolutePath().toString())
                .contains("empty file (0 bytes)");
        assertThat(run.resolve("model.wbc")).isRegularFile();

        Path eval = dir.resolve("eval");
        CliRunner.Result evaluate = CliRunner.run("evaluate", "--model", run.resolve("model.wbc").toString(),
                "--data", tiny.toString(), "--splits", "TEST_SIMPLE", "--resamples", "20", "--skip-bad-images",
                "--out", eval.toString());
        assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
        assertThat(evaluate.out()).contains("Skipped 1 unreadable image").contains(emptyTest.toAbsolutePath().toString());
        JsonNode report = Json.mapper().readTree(Files.readString(eval.resolve("report.json")));
        assertThat(report.get("splits").get("TEST_SIMPLE").get("n").asInt()).as("8 images, the empty one left out").isEqualTo(8);

        CliRunner.Result strict = CliRunner.run("evaluate", "--model", run.resolve("model.wbc").toString(),
                "--data", tiny.toString(), "--splits", "TEST_SIMPLE", "--out", dir.resolve("eval2").toString());
        assertThat(strict.exitCode()).isEqualTo(2);
        // Strict opening names the first bad file of the whole dataset and counts the rest.
        assertThat(strict.err().strip()).isEqualTo("wbc evaluate: " + emptyTrain.toAbsolutePath() + ": empty file (0 bytes);"
                + " expected a JPEG or PNG image (2 problem files in all; ./wbc data check lists them); fix or remove it,"
                + " or rerun with --skip-bad-images");
        assertThat(dir.resolve("eval2")).doesNotExist();
    }
}
