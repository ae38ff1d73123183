package io.github.wbczoo.examples.cli;

import io.github.wbczoo.core.Json;
import io.github.wbczoo.examples.bench.ConvBenchmark;
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
        description = "Benchmarks: conv (layer helpers on vs off).",
        subcommands = {BenchCommand.Conv.class})
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
}
