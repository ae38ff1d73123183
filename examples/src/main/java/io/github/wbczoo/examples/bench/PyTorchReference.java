package io.github.wbczoo.examples.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import io.github.wbczoo.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Runs {@code bench/pytorch_reference.py} (the same architectures in PyTorch, timed the same way)
 * for one model and reads its JSON, so both frameworks are measured in one run on one machine,
 * each at its own best OpenMP setting ({@link PyTorchScript}).
 *
 * <p>Usage: {@code ModelBenchmark.Result torch = PyTorchReference.locate().run("resNet18", 3, 7);}
 */
public final class PyTorchReference {
    private final PyTorchScript script;

    private PyTorchReference(PyTorchScript script) {
        this.script = script;
    }

    /** Finds the script under {@code wbc.home} (set by ./wbc) or the working directory. */
    public static PyTorchReference locate() {
        return new PyTorchReference(PyTorchScript.locate());
    }

    /** Fails naming every one of {@code models} the script has no twin for (before any model runs). */
    public PyTorchReference requireTwins(java.util.List<String> models) {
        script.requireTwins(models);
        return this;
    }

    /** Benchmarks one model in PyTorch (at PyTorch's own OpenMP default); fails with the script's own error output. */
    public ModelBenchmark.Result run(String model, int warmup, int runs) {
        // Match the Java recipes where the script's defaults differ: without ImageNet weights the zoo's VGG16
        // trains every block, and basicCnn's default dropout is the study's best, 0.2.
        byte[] out = script.run(List.of("--json", "--models", model,
                "--warmup", Integer.toString(warmup), "--runs", Integer.toString(runs),
                "--vgg16-transfer-frozen-blocks", "0", "--vgg16-gap-frozen-blocks", "0", "--basic-cnn-dropout", "0.2"), model);
        try {
            List<ModelBenchmark.Result> results = Json.mapper().readValue(out, new TypeReference<>() { });
            if (results.size() != 1) {
                throw new IllegalStateException("PyTorch reference returned " + results.size() + " results for " + model);
            }
            return results.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable PyTorch reference output for " + model + ": " + e.getMessage(), e);
        }
    }
}
