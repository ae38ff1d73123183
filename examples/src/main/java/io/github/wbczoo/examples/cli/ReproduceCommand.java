package io.github.wbczoo.examples.cli;

import io.github.wbczoo.core.OutputLock;
import io.github.wbczoo.data.CellImageDataset;
import io.github.wbczoo.models.Vgg16;
import io.github.wbczoo.models.WbcModels;
import io.github.wbczoo.reproduce.PaperReproduction;
import io.github.wbczoo.reproduce.Papers;
import io.github.wbczoo.reproduce.ReproductionRunner.PlannedRun;
import io.github.wbczoo.reproduce.ReproductionRunner;
import io.github.wbczoo.reproduce.ReproductionTable;
import io.github.wbczoo.reproduce.RunSettings;
import io.github.wbczoo.reproduce.Shard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./wbc reproduce PAPER}: runs one paper's experiments with their recipes and writes our
 * figures next to the paper's, with 95% bootstrap intervals ({@code OUT/results.md},
 * {@code OUT/results.json}), plus each experiment's model and evaluation report. Prints the plan
 * and a time estimate first: the full recipes take days of CPU time on 2 cores, and {@code --epochs}
 * and {@code --limit-per-class} shorten them.
 *
 * <p>Usage: {@code ./wbc reproduce sarkar --epochs 2 --limit-per-class 100 --out runs/sarkar}
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Run a paper's experiments with their recipes and write our figures next to the paper's, with 95%%"
                    + " bootstrap intervals: OUT/results.md, OUT/results.json, and OUT/<experiment>/model.wbc and"
                    + " report/ for each experiment.",
            "",
            "The full recipes take days of CPU time on 2 cores (one experiment: hours to days); the plan with a time"
                    + " estimate is printed first. Shorten a run with --epochs N and --limit-per-class K, e.g.:",
            "  ./wbc reproduce sarkar --epochs 2 --limit-per-class 100 --out runs/sarkar",
            "  ./wbc reproduce chen-zhu --dry-run   (the plan and estimate only)",
            ""})
public final class ReproduceCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PAPER",
            description = "chen-zhu, sarkar, optimisation-study, anderson or rao.")
    String paperId;

    @Option(names = "--epochs", paramLabel = "N", order = -5,
            description = "Epochs for every experiment (default: each recipe's, 15 to 100). The main knob for a shorter run.")
    Integer epochs;

    @Option(names = "--limit-per-class", paramLabel = "K", order = -4,
            description = "At most K training images per class (default: all, about 2,000); validation shrinks in"
                    + " proportion, test sets stay whole.")
    Integer limitPerClass;

    @Option(names = "--test-limit-per-class", paramLabel = "K", order = -3,
            description = "At most K images per class of each test split (default: all). For smoke tests only: the"
                    + " figures then rest on a few images.")
    Integer testLimitPerClass;

    @Option(names = "--out", paramLabel = "DIR", order = -2,
            description = "Output folder (required unless --dry-run); must not hold an earlier reproduction.")
    Path out;

    @Mixin
    DataOption data;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", order = 5,
            description = "Seed for initialisation, split, shuffling, augmentation and bootstrap (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--vgg16-weights", paramLabel = "FILE", order = 6,
            description = "ImageNet weights for the VGG16 experiments (Keras vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5"
                    + " or a DL4J VGG16 zip); without them VGG16 trains from scratch.")
    Path vgg16Weights;

    @Option(names = "--resamples", paramLabel = "R", defaultValue = "1000", order = 7,
            description = "Bootstrap resamples per interval (default: ${DEFAULT-VALUE}).")
    int resamples;

    @Option(names = "--dry-run", order = 8, description = "Print the plan and the time estimate, train nothing.")
    boolean dryRun;

    @Option(names = "--shard", paramLabel = "K/N", order = 9,
            description = "Run only shard K of N: the experiments whose position in the paper's list is K-1 modulo N"
                    + " (one machine each: a Slurm array, a Kubernetes indexed job); combine the shards with --merge.")
    String shardText;

    @Option(names = "--merge", paramLabel = "DIR", arity = "1..*", order = 10,
            description = "Train nothing: combine the --out folders of a sharded run (every shard 1/N..N/N once) into"
                    + " one table in --out.")
    List<Path> merge;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PaperReproduction paper = Papers.byId(paperId);
        if (out == null && !dryRun) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--out=DIR'");
        }
        if (merge != null) {
            return merge(paper);
        }
        Shard shard = shardText == null ? Shard.ALL : Shard.parse(shardText);
        RunSettings settings = new RunSettings(epochs, limitPerClass, testLimitPerClass, seed, vgg16Weights, resamples);
        if (vgg16Weights != null && !Files.isRegularFile(vgg16Weights)) {
            throw new IllegalArgumentException("--vgg16-weights: no such file " + vgg16Weights.toAbsolutePath());
        }
        if (!dryRun) {
            OutputPaths.requireWritableFolder(out, "--out");
            OutputPaths.requireUnlocked(out); // before minutes of planning and calibration
        }
        if (!dryRun && ReproductionRunner.holdsResults(out)) {
            throw new IllegalArgumentException(out.resolve(ReproductionTable.JSON).toAbsolutePath()
                    + " already exists: choose another --out (or delete the folder) to run again");
        }
        CellImageDataset dataset = data.open();
        ReproductionRunner runner = new ReproductionRunner(settings, System.out);
        List<PlannedRun> plan = runner.plan(paper, dataset, shard);
        if (!shard.isAll()) {
            System.out.println("Shard " + shard + ": " + plan.size() + " of the paper's " + paper.experiments().size()
                    + " experiments");
        }
        System.out.print(describePlan(paper, settings, plan));
        if (dryRun) {
            return 0;
        }
        OutputPaths.create(out, "--out");
        try (OutputLock lock = OutputPaths.lock(out)) {
            if (ReproductionRunner.holdsResults(out)) { // another run finished here since the check above
                throw new IllegalArgumentException(out.resolve(ReproductionTable.JSON).toAbsolutePath()
                        + " was written by another run just now; choose another --out");
            }
            runner.run(paper, dataset, out, shard);
        }
        System.out.println("Results: " + out.resolve(ReproductionTable.MARKDOWN).toAbsolutePath());
        System.out.println("         " + out.resolve(ReproductionTable.JSON).toAbsolutePath());
        return 0;
    }

    /** {@code --merge}: the shards' tables combined into {@code --out}, nothing trained. */
    private int merge(PaperReproduction paper) {
        if (out == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--out=DIR' (where the merged table goes)");
        }
        if (shardText != null || dryRun) {
            throw new ParameterException(spec.commandLine(), "--merge trains nothing: leave out --shard and --dry-run");
        }
        OutputPaths.requireWritableFolder(out, "--out");
        if (ReproductionRunner.holdsResults(out)) {
            throw new IllegalArgumentException(out.resolve(ReproductionTable.JSON).toAbsolutePath()
                    + " already exists: choose another --out for the merged table");
        }
        ReproductionTable merged = ReproductionTable.merge(paper, merge, out); // every folder checked, nothing written yet
        OutputPaths.create(out, "--out");
        try (OutputLock lock = OutputPaths.lock(out)) {
            merged.writeTo(out);
            System.out.printf(Locale.ROOT, "Merged %d shards: %d of %d experiments done.%n", merge.size(),
                    merged.results().size(), paper.experiments().size());
        }
        System.out.println("Results: " + out.resolve(ReproductionTable.MARKDOWN).toAbsolutePath());
        return 0;
    }

    /** The experiments with their sizes and estimated times, and the warnings that matter before starting. */
    static String describePlan(PaperReproduction paper, RunSettings settings, List<PlannedRun> plan) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Reproducing %s: %d experiments; %s%n", paper.id(), plan.size(), settings.describe()));
        double total = 0;
        for (PlannedRun r : plan) {
            s.append(String.format(Locale.ROOT, "  %-40s %-22s %3d epochs  train %,6d  val %,5d  test %,5d  %s%n",
                    r.experiment().label(), r.experiment().model(), r.epochs(), r.trainImages(), r.validationImages(),
                    r.testImages(), r.small() ? "small run, not timed"
                            : String.format(Locale.ROOT, "%6.1f img/s  ~%s", r.trainImagesPerSecond(), duration(r.estimatedSeconds()))));
            total += r.small() ? 0 : r.estimatedSeconds();
        }
        if (plan.stream().allMatch(PlannedRun::small)) {
            s.append("A small run: no time estimate (timing the models would take about as long).\n");
        } else {
            s.append(String.format(Locale.ROOT, "Estimated time: ~%s on this machine (speed measured on a few synthetic batches"
                    + " per model; other load on the machine or early stopping changes it).%n", duration(total)));
        }
        if (!settings.shortened()) {
            s.append("WARNING: these are the papers' full recipes. For a first look, shorten the run with --epochs N and"
                    + " --limit-per-class K (e.g. --epochs 2 --limit-per-class 100).\n");
        }
        List<String> vgg = plan.stream().map(r -> r.experiment().model())
                .filter(m -> WbcModels.create(m) instanceof Vgg16).distinct().toList();
        if (!vgg.isEmpty() && settings.vgg16Weights() == null) {
            s.append("WARNING: no --vgg16-weights: " + String.join(", ", vgg) + " will train from scratch instead of"
                    + " fine-tuning ImageNet weights as the paper did.\n");
        }
        return s.toString();
    }

    static String duration(double seconds) {
        if (seconds < 90) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 90 * 60) {
            return String.format(Locale.ROOT, "%.0f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }
}
