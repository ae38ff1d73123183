package io.github.wbczoo.examples.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.wbczoo.core.Json;
import io.github.wbczoo.core.TrainingData;
import io.github.wbczoo.data.CellImageDataset;
import io.github.wbczoo.data.BccdIterator;
import io.github.wbczoo.examples.bench.PyTorchTrainReference;
import io.github.wbczoo.examples.bench.TrainBenchmark;
import io.github.wbczoo.models.ModelBuilder;
import io.github.wbczoo.models.WbcModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.learning.config.IUpdater;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./wbc bench train}: training speed of the real path (registry model, recipe data with
 * augmentation, {@code Trainer.fit} with the recipe's callbacks) on real BCCD images, with the
 * training pass's wall time split into fetch, forward, backward, updater and the rest; optionally
 * against a user's PyTorch loop on the same files.
 *
 * <p>Usage: {@code ./wbc bench train --models myCnn.v9,basicCnn --limit-per-class 100 --pytorch}
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Training images/s of Trainer.fit with each model's recipe on real BCCD images (one epoch of"
                + " --limit-per-class images per class, or --steps batches, after --warmup untimed batches), validation"
                + " images/s, and the shares of the training pass spent fetching batches, in forward, backward and the"
                + " updater, and elsewhere (metrics, progress, callbacks), plus GC time, and the same model's speed on a"
                + " random batch in the same JVM (synthetic, as bench models). With --pytorch, the model's"
                + " PyTorch twin (bench/pytorch_reference.py) trains on the same image files with a plain loop.")
public final class TrainBenchCommand implements Callable<Integer> {
    static final List<String> DEFAULT_MODELS = List.of("myCnn.v9", "basicCnn", "inceptionParaB");

    @Option(names = "--models", split = ",", paramLabel = "NAME",
            description = "Comma-separated registry names (default: myCnn.v9,basicCnn,inceptionParaB).")
    List<String> models;

    @Mixin
    DataOption data;

    @Option(names = "--limit-per-class", paramLabel = "K", defaultValue = "100",
            description = "At most K training images per class (0 = all; default ${DEFAULT-VALUE}).")
    int limitPerClass;

    @Option(names = "--steps", paramLabel = "N",
            description = "Timed training batches (default: one pass over the training images).")
    Integer steps;

    // 20: the JIT is still compiling the training step's Java code in the first ~10-20 steps of a JVM
    // (myCnn.v9's first model in a JVM measured 18-35% slower after 5 warm-up steps, bench/NOTES.md section 16).
    @Option(names = "--warmup", defaultValue = "20", description = "Untimed training batches first (default ${DEFAULT-VALUE});"
            + " their own rate is reported as warmupImagesPerSec.")
    int warmup;

    @Option(names = "--input-size", paramLabel = "WxH", description = "Input width x height (default: each recipe's).")
    String inputSize;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for split, shuffling, augmentation and weights"
            + " (default ${DEFAULT-VALUE}).")
    long seed;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print JSON: a list of objects with model, trainImagesPerSec,"
            + " validationImagesPerSec, steps, phases {fetch, forward, backward, updater, other}, gcShare, ...; the table"
            + " goes to stderr, a line per model as it finishes.")
    boolean json;

    @Option(names = "--pytorch", description = "Also train each model's PyTorch twin on the same image files"
            + " (bench/pytorch_reference.py --train-files) and print the ratio.")
    boolean pytorch;

    /** One model's row: our figures and, with --pytorch, PyTorch's and the ratio. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Row(@JsonProperty("model") String model,
               @JsonProperty("trainImagesPerSec") double trainImagesPerSec,
               @JsonProperty("validationImagesPerSec") double validationImagesPerSec,
               @JsonProperty("steps") int steps,
               @JsonProperty("phases") TrainBenchmark.Phases phases,
               @JsonProperty("gcShare") double gcShare,
               @JsonProperty("dl4j") TrainBenchmark.Result dl4j,
               @JsonProperty("pytorch") PyTorchTrainReference.Result pytorch,
               @JsonProperty("trainRatio") Double trainRatio) {
    }

    @Override
    public Integer call() {
        if (warmup < 0) {
            throw new IllegalArgumentException("--warmup must be 0 or more, got " + warmup);
        }
        if (steps != null && steps <= 0) {
            throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
        }
        if (limitPerClass < 0) {
            throw new IllegalArgumentException("--limit-per-class must be 0 (all images) or more, got " + limitPerClass);
        }
        List<String> names = models == null || models.isEmpty() ? DEFAULT_MODELS : models;
        // Every builder is made (unknown names fail) before any image is read.
        List<ModelBuilder<?>> builders = names.stream().<ModelBuilder<?>>map(n -> configure(WbcModels.create(n.strip()))).toList();
        if (inputSize != null) {
            builders.forEach(ModelBuilder::build); // a size a family cannot take fails now, not after other models ran
        }
        PyTorchTrainReference torch = pytorch ? PyTorchTrainReference.locate().requireTwins(names) : null;
        CellImageDataset dataset = data.open();
        // With --json the table goes to stderr as each model finishes: a run killed half-way (a long list, or the
        // kernel's OOM killer) keeps what it measured, while stdout stays one JSON document.
        java.io.PrintWriter table = json ? spec.commandLine().getErr() : new java.io.PrintWriter(System.out, true);
        table.println(intro());
        table.println(header());
        List<Row> rows = new ArrayList<>();
        for (ModelBuilder<?> builder : builders) {
            TrainingData training = dataset.trainingData(builder.dataRequest());
            TrainBenchmark.Result r = TrainBenchmark.run(builder, training, warmup, steps == null ? 0 : steps);
            PyTorchTrainReference.Result t = null;
            if (torch != null) {
                if (!(training.train() instanceof BccdIterator bccd)) {
                    throw new IllegalStateException("--pytorch needs the BCCD training iterator's file list");
                }
                IUpdater u = builder.recipe().updater();
                double lr = u.hasLearningRate() ? u.getLearningRate(0, 0) : Double.NaN;
                t = torch.train(builder.name(), bccd.images(), r.inputHeight(), r.inputWidth(), r.batchSize(), lr,
                        warmup, r.steps());
            }
            Row row = new Row(r.model(), r.trainImagesPerSec(), r.validationImagesPerSec(), r.steps(), r.phases(),
                    r.gcShare(), r, t, t == null ? null : r.trainImagesPerSec() / t.trainImagesPerSec());
            rows.add(row);
            table.println(line(row));
            table.flush();
        }
        table.println(footer(rows));
        table.flush();
        if (json) {
            System.out.println(Json.write(rows));
        }
        data.reportSkipped(json ? System.err : System.out); // on stdout it would break the JSON
        return 0;
    }

    ModelBuilder<?> configure(ModelBuilder<?> b) {
        b.seed(seed).limitPerClass(limitPerClass);
        if (inputSize != null) {
            int[] wh = ImageSizes.parse("--input-size", inputSize);
            b.inputSize(wh[1], wh[0]);
        }
        return b;
    }

    private String intro() {
        return String.format(Locale.ROOT, "Trainer.fit with each recipe on real BCCD images (%s, augmentation and callbacks"
                        + " on), %s; the first %d training batches are warm-up, not timed; validation leaves out its first"
                        + " batch. JVM: %d OpenMP threads, %s.",
                limitPerClass == 0 ? "all images" : "at most " + limitPerClass + " per class",
                steps == null ? "one pass" : steps + " timed batches", warmup,
                org.nd4j.linalg.factory.Nd4j.getEnvironment().maxThreads(), TrainBenchmark.openMpWaits());
    }

    private String header() {
        String s = String.format(Locale.ROOT, "%-16s %8s %5s %5s %10s %9s %8s %10s | %6s %6s %6s %6s %6s | %5s",
                "model", "WxH", "batch", "steps", "train/s", "valid/s", "synth/s", "real/synth", "fetch", "fwd", "bwd", "upd",
                "other", "gc");
        return pytorch ? s + String.format(Locale.ROOT, " | %10s %7s", "pt train/s", "x") : s;
    }

    private static String line(Row r) {
        TrainBenchmark.Result d = r.dl4j();
        TrainBenchmark.Phases p = r.phases();
        String s = String.format(Locale.ROOT,
                "%-16s %8s %5d %5d %10.1f %9.1f %8.1f %10.2f | %5.1f%% %5.1f%% %5.1f%% %5.1f%% %5.1f%% | %4.1f%%",
                r.model(), d.inputWidth() + "x" + d.inputHeight(), d.batchSize(), r.steps(), r.trainImagesPerSec(),
                r.validationImagesPerSec(), d.syntheticImagesPerSec(), d.realOverSynthetic(), 100 * p.fetch(), 100 * p.forward(), 100 * p.backward(), 100 * p.updater(),
                100 * p.other(), 100 * r.gcShare());
        return r.pytorch() == null ? s : s + String.format(Locale.ROOT, " | %10.1f %6.2fx", r.pytorch().trainImagesPerSec(),
                r.trainRatio());
    }

    private String footer(List<Row> rows) {
        StringBuilder s = new StringBuilder("synth/s = the same model's training steps on one random batch (as bench"
                + " models times them), half just before and half just after the real window; real/synth = train/s over"
                + " synth/s, in the same JVM and minutes.\nfetch = inside the training iterator; fwd = to DL4J's onForwardPass; bwd = to"
                + " onBackwardPass (output layer, gradients, score); upd = to iterationDone; other = the rest (training"
                + " accuracy, progress, bookkeeping); gc = JVM collection time in the same window (overlaps the others).");
        rows.stream().map(Row::pytorch).filter(java.util.Objects::nonNull).findFirst().ifPresent(t -> s.append(String.format(
                Locale.ROOT, "%nPyTorch %s: %d threads, OMP_WAIT_POLICY=%s; images decoded once into memory (not timed),"
                        + " per-batch float + z-score, no augmentation; x = DL4J / PyTorch training images/s.",
                t.torchVersion(), t.threads(), t.ompWaitPolicy())));
        return s.toString();
    }
}
