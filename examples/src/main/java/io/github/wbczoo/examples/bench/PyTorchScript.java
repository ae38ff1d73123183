package io.github.wbczoo.examples.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench/pytorch_reference.py} and the Python that runs it: {@code $WBC_PYTHON}, else
 * Debian's {@code /usr/bin/python3} (where {@code apt install python3-torch} puts torch), else
 * {@code python3}. The Python process gets the environment without {@code OMP_WAIT_POLICY} and
 * {@code GOMP_SPINCOUNT}, so PyTorch runs at its own OpenMP default (spinning waits, its faster
 * setting here) whatever {@code ./wbc} set for the JVM (PASSIVE with a short spin, DL4J's faster
 * setting): each framework at its best.
 *
 * <p>Usage: {@code byte[] json = PyTorchScript.locate().run(List.of("--json", "--models", "resNet18"), "resNet18");}
 */
final class PyTorchScript {
    private final Path script;
    private final String python;

    private PyTorchScript(Path script, String python) {
        this.script = script;
        this.python = python;
    }

    /** Finds the script under {@code wbc.home} (set by ./wbc), the working directory or its parent (tests run in examples/). */
    static PyTorchScript locate() {
        List<Path> candidates = new ArrayList<>();
        String home = System.getProperty("wbc.home");
        if (home != null) {
            candidates.add(Path.of(home, "bench", "pytorch_reference.py"));
        }
        candidates.add(Path.of("bench", "pytorch_reference.py"));
        candidates.add(Path.of("..", "bench", "pytorch_reference.py"));
        Path script = candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() ->
                new IllegalArgumentException("Cannot find bench/pytorch_reference.py (looked at " + candidates
                        + "); run ./wbc from the wbc-zoo repository"));
        String python = System.getenv("WBC_PYTHON");
        if (python == null || python.isBlank()) {
            python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        }
        return new PyTorchScript(script, python);
    }

    /**
     * Fails, naming them, when any of {@code models} has no twin in the script: before any long work,
     * so that a benchmark over many models does not stop at the first one without a twin and lose the
     * figures of those it already measured.
     */
    void requireTwins(List<String> models) {
        List<String> twins = new String(run(List.of("--list"), "--list"), StandardCharsets.UTF_8).lines()
                .map(String::strip).filter(l -> !l.isEmpty()).toList();
        List<String> missing = models.stream().map(String::strip).filter(m -> !twins.contains(m)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("No PyTorch twin in " + script + " for " + String.join(", ", missing)
                    + " (it has " + String.join(", ", twins) + "); leave them out of --models or run without --pytorch");
        }
    }

    /** Runs the script with {@code args} and returns its standard output; fails with its error output. */
    byte[] run(List<String> args, String what) {
        List<String> command = new ArrayList<>(List.of(python, script.toString()));
        command.addAll(args);
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE);
            pb.environment().remove("OMP_WAIT_POLICY");
            pb.environment().remove("GOMP_SPINCOUNT");
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("PyTorch reference failed for " + what + " (" + String.join(" ", command)
                        + "): " + err.strip() + (err.contains("No module named 'torch'")
                        ? " -- install it with: apt-get install python3-torch" : ""));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + python + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running PyTorch for " + what, e);
        }
    }
}
