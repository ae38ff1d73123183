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
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bench/pytorch_reference.py --train-files} (a user's PyTorch training loop on the same
 * image files) for one model and reads its JSON. The Python process gets the environment without
 * {@code OMP_WAIT_POLICY}, so PyTorch runs at its own OpenMP default whatever ./wbc set for the JVM.
 * Python is {@code $WBC_PYTHON}, else {@code /usr/bin/python3}, else {@code python3}, as for
 * {@link PyTorchReference}.
 *
 * <p>Usage: {@code PyTorchTrainReference.Result r = PyTorchTrainReference.locate().train("basicCnn", images, 120, 160, 32, 1e-3, 3, 13);}
 */
public final class PyTorchTrainReference {
    private final Path script;
    private final String python;

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

    private PyTorchTrainReference(Path script, String python) {
        this.script = script;
        this.python = python;
    }

    /** Finds the script under {@code wbc.home} (set by ./wbc) or the working directory. */
    public static PyTorchTrainReference locate() {
        List<Path> candidates = new ArrayList<>();
        String home = System.getProperty("wbc.home");
        if (home != null) {
            candidates.add(Path.of(home, "bench", "pytorch_reference.py"));
        }
        candidates.add(Path.of("bench", "pytorch_reference.py"));
        candidates.add(Path.of("..", "bench", "pytorch_reference.py")); // tests run in examples/
        Path script = candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() ->
                new IllegalArgumentException("Cannot find bench/pytorch_reference.py (looked at " + candidates
                        + "); run ./wbc from the wbc-zoo repository"));
        String python = System.getenv("WBC_PYTHON");
        if (python == null || python.isBlank()) {
            python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        }
        return new PyTorchTrainReference(script, python);
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
                    .map(i -> i.file().toAbsolutePath() + "," + i.label().ordinal()).toList();
            Files.write(csv, lines, StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of(python, script.toString(), "--json", "--models", model,
                    "--train-files", csv.toString(), "--height", Integer.toString(height), "--width", Integer.toString(width),
                    "--batch", Integer.toString(batch), "--warmup", Integer.toString(warmup),
                    "--steps", Integer.toString(steps), "--basic-cnn-dropout", "0.2")); // the Java builder's dropout
            if (!Double.isNaN(learningRate)) {
                command.addAll(List.of("--lr", String.format(Locale.ROOT, "%s", learningRate)));
            }
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE);
            pb.environment().remove("OMP_WAIT_POLICY"); // PyTorch at its own default; ./wbc sets PASSIVE for the JVM
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("PyTorch training reference failed for " + model + " ("
                        + String.join(" ", command) + "): " + err.strip() + (err.contains("No module named 'torch'")
                        ? " -- install it with: apt-get install python3-torch" : ""));
            }
            return Json.mapper().readValue(out, Result.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + python + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while training " + model + " in PyTorch", e);
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
