package io.github.wbczoo.examples.cli;

import io.github.wbczoo.core.Json;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.wbczoo.examples.bench.ConvBenchmark;
import io.github.wbczoo.examples.bench.ModelBenchmark;
import io.github.wbczoo.examples.bench.PyTorchReference;
import io.github.wbczoo.examples.bench.TrainBenchmark;
import io.github.wbczoo.models.WbcModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./wbc bench ...}: throughput benchmarks, reported as ratios measured in one run.
 *
 * <p>Usage: {@code ./wbc bench conv --json}
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: conv (layer helpers on vs off), models (every architecture, optionally against PyTorch),"
                + " data, train, spark (Spark local mode against ./wbc predict).",
        subcommands = {BenchCommand.Conv.class, BenchCommand.Models.class, DataBenchCommand.class, TrainBenchCommand.class,
            SparkBenchCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing benchmark: try ./wbc bench conv");
    }

    /** {@code ./wbc bench conv}. */
    @Command(name = "conv", mixinStandardHelpOptions = true,
            description = "GFLOPS of a 3x3 64->64 convolution at 80x60, batch 32, forward and training step,"
                    + " with DL4J's layer helpers on and off, and their ratio.")
    static final class Conv implements Callable<Integer> {
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Option(names = "--runs", defaultValue = "10", description = "Timed runs per measurement (median is reported; default ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--warmup", defaultValue = "3", description = "Untimed runs first (default ${DEFAULT-VALUE}).")
        int warmup;

        @Override
        public Integer call() {
            if (runs <= 0 || warmup < 0) {
                throw new IllegalArgumentException("--runs must be positive and --warmup non-negative, got " + runs + " and " + warmup);
            }
            ConvBenchmark.Result r = ConvBenchmark.run(warmup, runs);
            if (json) {
                System.out.println(Json.write(r));
            } else {
                System.out.println(r.shape());
                System.out.printf(Locale.ROOT, "%-12s %14s %14s%n", "", "forward GFLOPS", "train GFLOPS");
                System.out.printf(Locale.ROOT, "%-12s %14.1f %14.1f%n", "helpers on", r.helpersOn().forwardGflops(), r.helpersOn().trainGflops());
                System.out.printf(Locale.ROOT, "%-12s %14.1f %14.1f%n", "helpers off", r.helpersOff().forwardGflops(), r.helpersOff().trainGflops());
                System.out.printf(Locale.ROOT, "%-12s %13.1fx %13.1fx%n", "speed-up", r.forwardRatio(), r.trainRatio());
            }
            return 0;
        }
    }

    /** {@code ./wbc bench models}. */
    @Command(name = "models", mixinStandardHelpOptions = true,
            description = "Training images/s, inference images/s (batch 32), batch-1 latency, achieved GFLOPS and peak"
                    + " memory of each architecture at its recipe's input and batch size, on synthetic input."
                    + " With --pytorch, the same architectures in PyTorch (bench/pytorch_reference.py) are timed"
                    + " model by model in the same run, and the ratios printed; PyTorch runs at its own OpenMP default"
                    + " (OMP_WAIT_POLICY and GOMP_SPINCOUNT unset), DL4J at ./wbc's (PASSIVE, with the short spin its GOMP_SPINCOUNT gives).")
    static final class Models implements Callable<Integer> {
        @Option(names = "--models", split = ",", description = "Comma-separated registry names (default: all; see ./wbc models).")
        List<String> models;

        @Option(names = "--json", description = "Print JSON: a list of objects with model, trainImagesPerSec, inferImagesPerSec,"
                + " latencyMsBatch1, gflops, peakMemoryMb, ... (and pytorch, trainRatio, inferRatio with --pytorch).")
        boolean json;

        @Option(names = "--pytorch", description = "Also run bench/pytorch_reference.py for each model and print ratios.")
        boolean pytorch;

        @Option(names = "--warmup", defaultValue = "3", description = "Untimed iterations first (default ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--runs", defaultValue = "7", description = "Timed iterations; the median is reported (default ${DEFAULT-VALUE}).")
        int runs;

        /** One row: our figures, and PyTorch's with the ratios when asked for. */
        @JsonInclude(JsonInclude.Include.NON_NULL)
        record Row(@JsonProperty("model") String model,
                   @JsonProperty("trainImagesPerSec") double trainImagesPerSec,
                   @JsonProperty("inferImagesPerSec") double inferImagesPerSec,
                   @JsonProperty("latencyMsBatch1") double latencyMsBatch1,
                   @JsonProperty("gflops") double gflops,
                   @JsonProperty("peakMemoryMb") long peakMemoryMb,
                   @JsonProperty("dl4j") ModelBenchmark.Result dl4j,
                   @JsonProperty("pytorch") ModelBenchmark.Result pytorch,
                   @JsonProperty("trainRatio") Double trainRatio,
                   @JsonProperty("inferRatio") Double inferRatio,
                   @JsonProperty("latencyRatio") Double latencyRatio) {
        }

        @Override
        public Integer call() {
            if (runs <= 0 || warmup < 0) {
                throw new IllegalArgumentException("--runs must be positive and --warmup non-negative, got " + runs + " and " + warmup);
            }
            List<String> names = models == null || models.isEmpty() ? WbcModels.names() : models;
            names.forEach(WbcModels::create); // unknown names fail before anything runs
            PyTorchReference torch = pytorch ? PyTorchReference.locate().requireTwins(names) : null;
            List<Row> rows = new ArrayList<>();
            if (!json) {
                System.out.println(header());
            }
            for (String name : names) {
                ModelBenchmark.Result torchResult = torch == null ? null : torch.run(name, warmup, runs);
                System.gc(); // free the previous model's arrays before measuring this one's peak memory
                ModelBenchmark.Result r = ModelBenchmark.run(name, warmup, runs);
                Row row = new Row(r.model(), r.trainImagesPerSec(), r.inferImagesPerSec(), r.latencyMsBatch1(), r.gflops(),
                        r.peakMemoryMb(), r, torchResult,
                        torchResult == null ? null : r.trainImagesPerSec() / torchResult.trainImagesPerSec(),
                        torchResult == null ? null : r.inferImagesPerSec() / torchResult.inferImagesPerSec(),
                        torchResult == null ? null : torchResult.latencyMsBatch1() / r.latencyMsBatch1());
                rows.add(row);
                if (!json) {
                    System.out.println(line(row));
                }
            }
            if (json) {
                System.out.println(Json.write(rows));
            } else if (pytorch) {
                System.out.println("Each framework at its own best OpenMP setting: DL4J with "
                        + TrainBenchmark.openMpWaits() + ", PyTorch with both unset (spinning waits).");
            }
            return 0;
        }

        private String header() {
            String s = String.format(Locale.ROOT, "%-22s %10s %10s %10s %8s %8s", "model", "train/s", "infer/s", "lat1 ms", "GFLOPS", "peak MB");
            return pytorch ? s + String.format(Locale.ROOT, " | %10s %10s %10s | %7s %7s %7s", "pt train/s", "pt infer/s",
                    "pt lat1", "train x", "infer x", "lat x") : s;
        }

        private static String line(Row r) {
            String s = String.format(Locale.ROOT, "%-22s %10.1f %10.1f %10.2f %8.1f %8d", r.model(), r.trainImagesPerSec(),
                    r.inferImagesPerSec(), r.latencyMsBatch1(), r.gflops(), r.peakMemoryMb());
            if (r.pytorch() == null) {
                return s;
            }
            return s + String.format(Locale.ROOT, " | %10.1f %10.1f %10.2f | %7.2f %7.2f %7.2f", r.pytorch().trainImagesPerSec(),
                    r.pytorch().inferImagesPerSec(), r.pytorch().latencyMsBatch1(), r.trainRatio(), r.inferRatio(), r.latencyRatio());
        }
    }
}
