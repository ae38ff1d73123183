package io.github.wbczoo.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wbczoo.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code ./wbc bench train} end to end on a few real BCCD images at a tiny input size. */
class TrainBenchCommandTest {
    private static final String[] SMALL = {"bench", "train", "--models", "basicCnn", "--limit-per-class", "8", "--steps", "3",
        "--warmup", "3", "--input-size", "40x30", "--json", "--data", "../../shared/bccd"};

    @Test
    void reportsThroughputAndPhaseSharesOfTheRealTrainingPath() throws Exception {
        CliRunner.Result r = CliRunner.run(SMALL);
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode rows = Json.mapper().readTree(r.out());
        assertThat(rows).hasSize(1);
        JsonNode row = rows.get(0);
        assertThat(row.get("model").asText()).isEqualTo("basicCnn");
        assertThat(row.get("steps").asInt()).isEqualTo(3);
        assertThat(row.get("trainImagesPerSec").asDouble()).isPositive();
        assertThat(row.get("validationImagesPerSec").asDouble()).isPositive();
        double sum = 0;
        for (String phase : new String[] {"fetch", "forward", "backward", "updater", "other"}) {
            double share = row.get("phases").get(phase).asDouble();
            assertThat(share).as(phase).isBetween(0.0, 1.0);
            sum += share;
        }
        assertThat(sum).isCloseTo(1.0, within(0.02));
        assertThat(row.get("gcShare").asDouble()).isBetween(0.0, 1.0);
        JsonNode dl4j = row.get("dl4j");
        assertThat(dl4j.get("warmupSteps").asInt()).isEqualTo(3);
        assertThat(dl4j.get("inputWidth").asInt()).isEqualTo(40);
        assertThat(dl4j.get("inputHeight").asInt()).isEqualTo(30);
        // 3 batches of the recipe's 32, cycling over the 32 training images.
        assertThat(dl4j.get("trainImages").asLong()).isEqualTo(3L * dl4j.get("batchSize").asInt());
        assertThat(dl4j.get("warmupImagesPerSec").asDouble()).isPositive();
        double synthetic = dl4j.get("syntheticImagesPerSec").asDouble();
        assertThat(synthetic).isPositive();
        assertThat(dl4j.get("realOverSynthetic").asDouble())
                .isCloseTo(row.get("trainImagesPerSec").asDouble() / synthetic, within(1e-9));
        assertThat(row.has("pytorch")).isFalse();
        assertThat(r.err().lines().filter(l -> l.startsWith("basicCnn ")))
                .as("the model's table line, on stderr as it finishes, so a killed run keeps it").hasSize(1);
    }

    @Test
    void pytorchTrainsItsTwinOnTheSameFiles() throws Exception {
        Assumptions.assumeTrue(torchAvailable(), "python3 with torch and PIL not installed");
        String[] args = java.util.Arrays.copyOf(SMALL, SMALL.length + 1);
        args[SMALL.length] = "--pytorch";
        CliRunner.Result r = CliRunner.run(args);
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode row = Json.mapper().readTree(r.out()).get(0);
        JsonNode torch = row.get("pytorch");
        assertThat(torch.get("steps").asInt()).isEqualTo(3);
        assertThat(torch.get("trainImagesPerSec").asDouble()).isPositive();
        assertThat(torch.get("optimizer").asText()).isEqualTo("adam");
        assertThat(torch.get("learningRate").asDouble()).isEqualTo(1e-3);
        assertThat(row.get("trainRatio").asDouble()).isPositive();
    }

    @Test
    void aModelWithoutAPyTorchTwinFailsBeforeAnyModelRuns() throws Exception {
        Assumptions.assumeTrue(torchAvailable(), "python3 with torch and PIL not installed");
        CliRunner.Result r = CliRunner.run("bench", "models", "--pytorch", "--models", "myCnn.v9,vgg16Gap.paper",
                "--warmup", "0", "--runs", "1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("No PyTorch twin in ").contains(" for vgg16Gap.paper (it has resNet18, myCnn.v0, ")
                .contains("leave them out of --models or run without --pytorch");
        assertThat(r.out()).doesNotContain("myCnn.v9 ");   // nothing was measured first
        CliRunner.Result train = CliRunner.run("bench", "train", "--pytorch", "--models", "vgg16Gap.beforeGap",
                "--data", "../../shared/bccd");
        assertThat(train.exitCode()).isEqualTo(2);
        assertThat(train.err()).contains("for vgg16Gap.beforeGap (it has");
    }

    @Test
    void unknownModelIsABadArgument() {
        CliRunner.Result r = CliRunner.run("bench", "train", "--models", "noSuchNet", "--data", "../../shared/bccd");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown model 'noSuchNet'");
    }

    private static boolean torchAvailable() throws Exception {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        try {
            Process p = new ProcessBuilder(python, "-c", "import torch, PIL").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
