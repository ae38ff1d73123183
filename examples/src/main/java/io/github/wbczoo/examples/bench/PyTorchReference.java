package io.github.wbczoo.examples.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import io.github.wbczoo.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bench/pytorch_reference.py} (the same architectures in PyTorch, timed the same way)
 * for one model and reads its JSON, so both frameworks are measured in one run on one machine.
 * Python is {@code $WBC_PYTHON}, else Debian's {@code /usr/bin/python3} (where {@code apt install
 * python3-torch} puts torch), else {@code python3}.
 *
 * <p>Usage: {@code ModelBenchmark.Result torch = PyTorchReference.locate().run("resNet18", 3, 7);}
 */
public final class PyTorchReference {
    private final Path script;
    private final String python;

    private PyTorchReference(Path script, String python) {
        this.script = script;
        this.python = python;
    }

    /** Finds the script under {@code wbc.home} (set by ./wbc) or the working directory. */
    public static PyTorchReference locate() {
        List<Path> candidates = new ArrayList<>();
        String home = System.getProperty("wbc.home");
        if (home != null) {
            candidates.add(Path.of(home, "bench", "pytorch_reference.py"));
        }
        candidates.add(Path.of("bench", "pytorch_reference.py"));
        Path script = candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() ->
                new IllegalArgumentException("Cannot find bench/pytorch_reference.py (looked at " + candidates
                        + "); run ./wbc from the wbc-zoo repository"));
        String python = System.getenv("WBC_PYTHON");
        if (python == null || python.isBlank()) {
            python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        }
        return new PyTorchReference(script, python);
    }

    /** Benchmarks one model in PyTorch; fails with the script's own error output when it fails. */
    public ModelBenchmark.Result run(String model, int warmup, int runs) {
        // Match the Java recipes where the script's defaults differ: without ImageNet weights the zoo's VGG16
        // trains every block, and basicCnn's default dropout is the study's best, 0.2.
        List<String> command = List.of(python, script.toString(), "--json", "--models", model,
                "--warmup", Integer.toString(warmup), "--runs", Integer.toString(runs),
                "--vgg16-transfer-frozen-blocks", "0", "--vgg16-gap-frozen-blocks", "0", "--basic-cnn-dropout", "0.2");
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("PyTorch reference failed for " + model + " (" + String.join(" ", command)
                        + "): " + err.strip() + (err.contains("No module named 'torch'")
                        ? " -- install it with: apt-get install python3-torch" : ""));
            }
            List<ModelBenchmark.Result> results = Json.mapper().readValue(out, new TypeReference<>() { });
            if (results.size() != 1) {
                throw new IllegalStateException("PyTorch reference returned " + results.size() + " results for " + model);
            }
            return results.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + python + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while benchmarking " + model + " in PyTorch", e);
        }
    }
}
