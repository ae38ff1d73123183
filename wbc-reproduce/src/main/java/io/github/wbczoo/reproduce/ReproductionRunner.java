package io.github.wbczoo.reproduce;

import io.github.wbczoo.core.ClassSet;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.DataRequest;
import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.data.CellImageDataset;
import io.github.wbczoo.data.SplitPlan;
import io.github.wbczoo.eval.ClassMetrics;
import io.github.wbczoo.eval.EvaluationReport;
import io.github.wbczoo.eval.EvaluationSettings;
import io.github.wbczoo.eval.EvaluationSplit;
import io.github.wbczoo.eval.Evaluator;
import io.github.wbczoo.eval.SplitEvaluation;
import io.github.wbczoo.models.ModelBuilder;
import io.github.wbczoo.models.RunOptions;
import io.github.wbczoo.models.TrainingRun;
import io.github.wbczoo.models.Vgg16;
import io.github.wbczoo.reproduce.ReproductionTable.ExperimentResult;
import io.github.wbczoo.reproduce.ReproductionTable.Row;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs a {@link PaperReproduction}: for each experiment, trains the zoo model with its recipe
 * (shortened by the {@link RunSettings}), keeping the best model on disk while it trains,
 * evaluates it on the splits its recipe tests on (TEST and TEST_SIMPLE, or the pooled test part
 * for a pooled split, marked leaky), writes its evaluation report, and rewrites the table of our
 * figures against the paper's after every experiment. Output folder layout:
 * {@code results.md}, {@code results.json}, and {@code <experiment>/model.wbc}, {@code <experiment>/report/}.
 *
 * <p>Usage: {@code new ReproductionRunner(new RunSettings(2, 100, null, 42, null, 1000), System.out).run(Papers.byId("sarkar"), dataset, out)}
 */
public final class ReproductionRunner {
    /** Decoding and resizing one JPEG (once per run and size, then cached), in seconds on 2 cores. */
    static final double DECODE_SECONDS_PER_IMAGE = 0.004;
    /** Images per timed step when measuring a model's speed for the estimate (small: VGG16 takes seconds per image). */
    static final int CALIBRATION_BATCH = 4;
    /**
     * Untimed steps before the timed ones: DL4J's workspaces learn their sizes in the first
     * iteration and allocate in the second, so only later ones show the steady speed.
     */
    static final int WARM_UP_STEPS = 2;
    /** Timed steps; the fastest counts. */
    static final int TIMED_STEPS = 3;
    /** Runs with at most this many image-epochs get no estimate: timing the model would take as long as the run. */
    static final int SMALL_RUN_IMAGE_EPOCHS = 500;

    /**
     * What one experiment will cost, before it runs.
     *
     * <p>Usage: {@code for (PlannedRun r : runner.plan(paper, data)) total += r.small() ? 0 : r.estimatedSeconds();}
     *
     * @param trainImagesPerSecond measured training speed, or NaN for a small run (not measured)
     * @param estimatedSeconds     the time estimate, or NaN for a small run
     */
    public record PlannedRun(Experiment experiment, int epochs, int trainImages, int validationImages, int testImages,
                             double trainImagesPerSecond, double estimatedSeconds) {
        /** Whether the run was too small to be worth timing. */
        public boolean small() {
            return Double.isNaN(estimatedSeconds);
        }
    }

    private final RunSettings settings;
    private final PrintStream log;

    public ReproductionRunner(RunSettings settings, PrintStream log) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** The experiment's builder with this run's epochs, limit, seed and VGG16 weights applied. */
    public ModelBuilder<?> builder(Experiment e) {
        ModelBuilder<?> b = e.builder().seed(settings.seed());
        if (settings.epochs() != null) {
            b.epochs(settings.epochs());
        }
        if (settings.limitPerClass() != null) {
            b.limitPerClass(settings.limitPerClass());
        }
        if (settings.testLimitPerClass() != null) {
            b.testLimitPerClass(settings.testLimitPerClass());
        }
        if (settings.vgg16Weights() != null && b instanceof Vgg16 vgg) {
            vgg.weights(settings.vgg16Weights());
        }
        return b;
    }

    /**
     * Sizes and a time estimate for every experiment. The speed is measured, not guessed from FLOPs
     * (DL4J's separable convolutions, for one, run far below the convolutions' rate): each network
     * is built once and timed for training steps and forward passes on a synthetic batch of
     * {@value #CALIBRATION_BATCH} images, after {@value #WARM_UP_STEPS} untimed steps of each, then
     * scaled to epochs x (training + validation images) plus testing and decoding. Larger batches
     * run somewhat faster per image, so the estimate errs long. Runs of at most
     * {@value #SMALL_RUN_IMAGE_EPOCHS} image-epochs are not timed.
     */
    public List<PlannedRun> plan(PaperReproduction paper, CellImageDataset data) {
        return plan(paper, data, Shard.ALL);
    }

    /** The plan of one shard's experiments. */
    public List<PlannedRun> plan(PaperReproduction paper, CellImageDataset data, Shard shard) {
        List<PlannedRun> out = new ArrayList<>();
        for (Experiment e : shard.of(paper)) {
            ModelBuilder<?> b = builder(e);
            DataRequest request = b.dataRequest();
            SplitPlan split = data.splits(request.split(), request.seed()).limitPerClass(request.limitPerClass());
            int test = data.heldOutImages(request).values().stream().mapToInt(List::size).sum();
            int epochs = b.recipe().epochs();
            if ((long) epochs * (split.train().size() + split.validation().size()) <= SMALL_RUN_IMAGE_EPOCHS) {
                out.add(new PlannedRun(e, epochs, split.train().size(), split.validation().size(), test, Double.NaN, Double.NaN));
                continue;
            }
            WbcModel model = b.build();
            int n = Math.min(CALIBRATION_BATCH, b.recipe().batchSize());
            DataSet batch = syntheticBatch(model.dataConfig(), n);
            double trainPerImage = secondsAfterWarmUp(() -> model.fitBatch(batch)) / n;
            double inferPerImage = secondsAfterWarmUp(() -> model.output(batch.getFeatures())) / n;
            int images = split.train().size() + split.validation().size() + test;
            double seconds = epochs * (split.train().size() * trainPerImage + split.validation().size() * inferPerImage)
                    + test * inferPerImage + images * DECODE_SECONDS_PER_IMAGE;
            out.add(new PlannedRun(e, epochs, split.train().size(), split.validation().size(), test, 1 / trainPerImage, seconds));
        }
        return out;
    }

    /**
     * The fastest of {@value #TIMED_STEPS} timed runs of {@code step} after {@value #WARM_UP_STEPS}
     * untimed ones: on a shared machine single timings swing several-fold, the fastest is the
     * machine's own speed.
     */
    private static double secondsAfterWarmUp(Runnable step) {
        for (int i = 0; i < WARM_UP_STEPS; i++) {
            step.run();
        }
        double best = Double.MAX_VALUE;
        for (int i = 0; i < TIMED_STEPS; i++) {
            long start = System.nanoTime();
            step.run();
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return best;
    }

    /** Random input of the model's shape with one-hot labels cycling through the classes. */
    private static DataSet syntheticBatch(DataConfig config, int n) {
        INDArray x = Nd4j.rand(DataType.FLOAT, config.batchShape(n));
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, ClassSet.BCCD.size());
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % ClassSet.BCCD.size(), 1f);
        }
        return new DataSet(x, y);
    }

    /**
     * Runs every experiment into {@code out} and returns the table (also written there after each
     * experiment, so an interrupted run leaves the finished rows and each finished model).
     */
    public ReproductionTable run(PaperReproduction paper, CellImageDataset data, Path out) {
        return run(paper, data, out, Shard.ALL);
    }

    /**
     * Runs one shard's experiments into {@code out}; the table lists the other shards' experiments
     * as such, and {@link ReproductionTable#merge} combines the shards' folders.
     */
    public ReproductionTable run(PaperReproduction paper, CellImageDataset data, Path out, Shard shard) {
        ReproductionTable table = new ReproductionTable(paper, settings, shard);
        table.writeTo(out);
        List<Experiment> mine = shard.of(paper);
        int k = 0;
        for (Experiment e : mine) {
            k++;
            log.printf(Locale.ROOT, "[%d/%d] %s: %s%s%n", k, mine.size(), e.label(), e.model(),
                    e.overrides().isEmpty() ? "" : " (" + e.overrides() + ")");
            table.add(runOne(e, data, out));
            table.writeTo(out);
        }
        return table;
    }

    private ExperimentResult runOne(Experiment e, CellImageDataset data, Path out) {
        long start = System.nanoTime();
        Path dir = out.resolve(e.slug());
        Path modelFile = dir.resolve("model.wbc");
        // the same training path as WbcModels.create(name).fit(data) and ./wbc train, keeping the best model on disk
        TrainingRun run = builder(e).prepare(data, RunOptions.defaults().bestModel(modelFile));
        log.println("      " + run.model() + "; " + run.data().description());
        WbcModel model = run.fit();
        model.save(modelFile);

        EvaluationSettings evaluation = EvaluationSettings.defaults().withResamples(settings.resamples()).withSeed(settings.seed());
        List<EvaluationSplit> splits = run.testSets().stream().map(EvaluationSplit::of).toList();
        EvaluationReport report = new Evaluator(evaluation).evaluate(model, splits);
        Path reportDir = dir.resolve("report");
        report.writeTo(reportDir);

        List<Row> rows = new ArrayList<>();
        for (PaperFigure f : e.figures()) {
            rows.add(measure(f, model, report));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ExperimentResult result = new ExperimentResult(e, model.history().epochs().size(), run.data().description(), seconds,
                out.relativize(modelFile).toString(), out.relativize(reportDir).toString(), rows, report.warnings());
        for (Row r : rows) {
            log.printf(Locale.ROOT, "      %-40s paper %-8s ours %s%n", r.paper().measure().label(), r.paper().reported(),
                    r.ours() == null ? "undefined" : r.paper().measure().format(r.ours()));
        }
        return result;
    }

    private static Row measure(PaperFigure f, WbcModel model, EvaluationReport report) {
        Measure m = f.measure();
        if (m.kind() == Measure.Kind.TRAIN_ACCURACY) {
            return new Row(f, model.history().last().trainAccuracy(), null, null, false);
        }
        if (m.kind() == Measure.Kind.VALIDATION_ACCURACY) {
            io.github.wbczoo.core.EpochRecord kept = model.history().epoch(model.weightsEpoch());
            Double v = kept == null ? null : kept.valAccuracy();
            return new Row(f, v == null ? Double.NaN : v, null, null, model.trainedOnLeakySplit());
        }
        if (!report.splits().containsKey(m.split())) {
            throw new IllegalStateException(f.measure().label() + " is on " + m.split() + ", which this experiment does not"
                    + " test on (it tests on " + report.splits().keySet() + ")");
        }
        SplitEvaluation s = report.split(m.split());
        if (m.kind() == Measure.Kind.ACCURACY) {
            return new Row(f, s.metrics().accuracy(), s.bootstrap().accuracy(), (long) s.n(), s.leaky());
        }
        if (m.kind() == Measure.Kind.MACRO_F1) {
            return new Row(f, s.metrics().macro().f1(), s.bootstrap().macroF1(), (long) s.n(), s.leaky());
        }
        ClassMetrics c = s.metrics().of(m.forClass());
        // every interval from the split's one resampling (by source cell where the cells are known)
        return switch (m.kind()) {
            case PRECISION -> new Row(f, c.precision(), s.bootstrap().precision(m.forClass()), c.predicted(), s.leaky());
            case RECALL -> new Row(f, c.recall(), s.bootstrap().recall(m.forClass()), c.support(), s.leaky());
            case F1 -> new Row(f, c.f1(), s.bootstrap().f1(m.forClass()), c.support(), s.leaky());
            case SUPPORT -> new Row(f, (double) c.support(), null, (long) s.n(), s.leaky());
            default -> throw new IllegalStateException("Unhandled " + m.kind());
        };
    }

    /** Whether {@code out} already holds a reproduction (its table), which a new run must not overwrite. */
    public static boolean holdsResults(Path out) {
        return Files.exists(out.resolve(ReproductionTable.JSON));
    }
}
