package io.github.wbczoo.examples.bench;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.wbczoo.core.Json;
import io.github.wbczoo.data.LabeledImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs {@code bench/pytorch_reference.py --train-files} (a user's PyTorch training loop on the same
 * image files) for one model and reads its JSON, PyTorch at its own OpenMP default ({@link PyTorchScript}).
 *
 * <p>Usage: {@code PyTorchTrainReference.Result r = PyTorchTrainReference.locate().train("basicCnn", images, 120, 160, 32, 1e-3, 3, 13);}
 */
public final class PyTorchTrainReference {
    private final PyTorchScript script;

    /** What the script reports (a subset of its JSON keys). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Result(@JsonProperty("trainImagesPerSec") double trainImagesPerSec,
                         @JsonProperty("trainSeconds") double trainSeconds,
                         @JsonProperty("trainImages") long trainImages,
                         @JsonProperty("steps") int steps,
                         @JsonProperty("warmupSteps") int warmupSteps,
                         @JsonProperty("trainLoss") double trainLoss,
                         @JsonProperty("decodeSeconds") double decodeSeconds,
                         @JsonProperty("optimizer") String optimizer,
                         @JsonProperty("learningRate") double learningRate,
                         @JsonProperty("threads") int threads,
                         @JsonProperty("ompWaitPolicy") String ompWaitPolicy,
                         @JsonProperty("torchVersion") String torchVersion) {
    }

    private PyTorchTrainReference(PyTorchScript script) {
        this.script = script;
    }

    /** Finds the script under {@code wbc.home} (set by ./wbc) or the working directory. */
    public static PyTorchTrainReference locate() {
        return new PyTorchTrainReference(PyTorchScript.locate());
    }

    /** Fails naming every one of {@code models} the script has no twin for (before any model runs). */
    public PyTorchTrainReference requireTwins(java.util.List<String> models) {
        script.requireTwins(models);
        return this;
    }

    /**
     * Trains the PyTorch twin of {@code model} on {@code images} at {@code width x height} with batch
     * {@code batch}, {@code warmup} untimed and {@code steps} timed steps; {@code learningRate} NaN keeps the
     * script's recipe rate (optimisers without one, e.g. Adadelta 1.0).
     */
    public Result train(String model, List<LabeledImage> images, int height, int width, int batch, double learningRate,
                        int warmup, int steps) {
        Path csv = null;
        try {
            csv = Files.createTempFile("wbc-bench-train-", ".csv");
            List<String> lines = images.stream()
                    .map(i -> i.file().toAbsolutePath() + "," + i.label().index()).toList();
            Files.write(csv, lines, StandardCharsets.UTF_8);
            List<String> args = new ArrayList<>(List.of("--json", "--models", model,
                    "--train-files", csv.toString(), "--height", Integer.toString(height), "--width", Integer.toString(width),
                    "--batch", Integer.toString(batch), "--warmup", Integer.toString(warmup),
                    "--steps", Integer.toString(steps), "--basic-cnn-dropout", "0.2")); // the Java builder's dropout
            if (!Double.isNaN(learningRate)) {
                args.addAll(List.of("--lr", String.format(Locale.ROOT, "%s", learningRate)));
            }
            return Json.mapper().readValue(script.run(args, model), Result.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the file list or read PyTorch's output for " + model + ": "
                    + e.getMessage(), e);
        } finally {
            if (csv != null) {
                try {
                    Files.deleteIfExists(csv);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }
}
