package io.github.wbczoo.examples.cli;

import io.github.wbczoo.core.ModelFileInfo;
import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.data.CellImageDataset;
import io.github.wbczoo.eval.EvaluationReport;
import io.github.wbczoo.eval.EvaluationSplit;
import io.github.wbczoo.eval.Evaluator;
import io.github.wbczoo.eval.ReportFiles;
import io.github.wbczoo.models.FineTune;
import io.github.wbczoo.models.ModelBuilder;
import io.github.wbczoo.models.RunOptions;
import io.github.wbczoo.models.TrainingRun;
import io.github.wbczoo.models.WbcModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./wbc train}: trains a zoo model with its paper's recipe and any overrides, keeping the
 * best model so far on disk (so Ctrl-C or a crash never loses it), then writes the history and
 * a validation report.
 *
 * <p>Usage: {@code ./wbc train --model inceptionParaB --epochs 5 --out runs/paraB}
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model with its recipe. Writes OUT/model.wbc (best validation weights, saved after every"
                + " improvement, with the whole history), OUT/last.wbc (the latest epoch, what --resume continues),"
                + " OUT/history.json and OUT/validation/ (report). One run at a time per OUT (OUT/.wbc-lock).")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "NAME", description = "Registry name (see ./wbc models); or give --from.")
    String modelName;

    @Option(names = "--from", paramLabel = "FILE", description = "Fine-tune this trained model (.wbc) on --data instead of"
            + " training a fresh one: a new head for the data's classes, the rest starting from its weights.")
    Path from;

    @Option(names = "--freeze-up-to", paramLabel = "LAYER", description = "With --from: keep the weights of every layer up to"
            + " this one (by its name, e.g. stage3_pool or block1_pool).")
    String freezeUpTo;

    @Option(names = "--refit-normalization", description = "With --from: fit the normalisation statistics on the new data"
            + " (default: keep the model's).")
    boolean refitNormalization;

    @Mixin
    DataOption data;

    @Option(names = "--epochs", description = "Train until this epoch (default: the recipe's).")
    Integer epochs;

    @Option(names = "--batch", description = "Batch size (default: the recipe's).")
    Integer batch;

    @Option(names = "--seed", description = "Seed for initialisation, split, shuffling and augmentation (default: 42).")
    Long seed;

    @Option(names = "--limit-per-class", paramLabel = "K", description = "At most K training images per class (quick runs).")
    Integer limitPerClass;

    @Option(names = "--input-size", paramLabel = "WxH", description = "Input width x height, e.g. 80x60 (default: the recipe's).")
    String inputSize;

    @Option(names = "--lr", description = "Learning rate of the recipe's optimiser.")
    Double learningRate;

    @Option(names = "--augmentation", paramLabel = "NAME", description = "Training-time augmentation instead of the recipe's:"
            + " none or kerasInception (10 degrees, 10% shifts, horizontal flips).")
    String augmentation;

    @Option(names = "--validation-fraction", paramLabel = "F", description = "Validate on this share of TRAIN (drawn by"
            + " whole source cells where they are known) instead of the recipe's split, e.g. 0.1.")
    Double validationFraction;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--resume", description = "Continue from OUT/last.wbc (the latest epoch's weights, optimiser state and"
            + " history); OUT/model.wbc is only replaced by a better epoch.")
    boolean resume;

    @Override
    public Integer call() {
        if ((modelName == null) == (from == null)) {
            throw new IllegalArgumentException(modelName == null ? "Give --model NAME (a fresh network) or --from FILE (fine-tune a"
                    + " trained model)" : "Give --model or --from, not both: --from trains the file's own architecture");
        }
        if (from == null && (freezeUpTo != null || refitNormalization)) {
            throw new IllegalArgumentException("--freeze-up-to and --refit-normalization fine-tune a model: give --from FILE");
        }
        if (from != null && inputSize != null) {
            throw new IllegalArgumentException("--input-size with --from: a fine-tuned model keeps its source's input size ("
                    + "leave --input-size out)");
        }
        if (from != null && resume) {
            throw new IllegalArgumentException("--resume continues OUT/last.wbc with its own architecture: leave --from out");
        }
        String architecture = from != null ? ModelFileInfo.read(from).architecture() : modelName;
        ModelBuilder<?> builder = configure(WbcModels.create(architecture));
        // Every check that can fail runs before the data is read or a folder is created.
        ModelFileInfo resumed = RunFolder.check(out, resume, builder.name());
        CellImageDataset dataset = data.open();
        RunOptions options = RunFolder.options(out, resume ? RunOptions.defaults().resumeFrom(WbcModel.load(resumed.file()))
                : RunOptions.defaults());
        // What WbcModels.create(name).fit(data) (or FineTune.of(file).fit(data)) runs, with this folder's checkpoints;
        // the data is read before any folder exists.
        TrainingRun training = from == null ? builder.prepare(dataset, options)
                : fineTune().recipe(this::configure).prepare(dataset, options);

        try (RunFolder run = RunFolder.open(out, resume)) {
            System.out.println(resume ? resumingLine(training.model(), run.bestModel()) : "Training " + training.model());
            System.out.println("Data: " + training.data().description());
            WbcModel model = training.fit();
            // The best-model checkpoint wrote model.wbc (weights of the best epoch, the whole history);
            // after training the model in memory holds those same weights.
            model.history().writeJson(run.folder().resolve("history.json"));
            EvaluationReport report = new Evaluator().evaluate(model, List.of(EvaluationSplit.validation(training.data())));
            ReportFiles files = report.writeTo(run.folder().resolve("validation"));
            double accuracy = report.split("validation").metrics().accuracy();
            run.finished();
            System.out.printf(Locale.ROOT, "Validation accuracy %.1f%% (epoch %d of %d). Model: %s, history: %s, report: %s%n",
                    100 * accuracy, model.weightsEpoch(), model.history().last().epoch(), run.bestModel(),
                    run.folder().resolve("history.json"), files.html().toAbsolutePath());
            data.reportSkipped(System.out);
        }
        return 0;
    }

    /** "Resuming myCnn.v9 ... after epoch 3; best so far epoch 1, val_accuracy 0.2750". */
    static String resumingLine(WbcModel model, Path bestModel) {
        int done = model.history().isEmpty() ? 0 : model.history().last().epoch();
        StringBuilder s = new StringBuilder("Resuming " + model + " after epoch " + done);
        if (Files.isRegularFile(bestModel)) {
            s.append("; best so far ").append(ModelFileInfo.read(bestModel).weightsSummary());
        }
        return s.toString();
    }

    private FineTune fineTune() {
        FineTune f = FineTune.of(from).refitNormalization(refitNormalization);
        return freezeUpTo == null ? f : f.freezeUpTo(freezeUpTo);
    }

    ModelBuilder<?> configure(ModelBuilder<?> b) {
        // Checked here with the flags' names; the builder's own messages name its fields.
        if (epochs != null) {
            requirePositive("--epochs", epochs);
            b.epochs(epochs);
        }
        if (batch != null) {
            requirePositive("--batch", batch);
            b.batchSize(batch);
        }
        if (seed != null) {
            b.seed(seed);
        }
        if (limitPerClass != null) {
            requireLimit(limitPerClass);
            b.limitPerClass(limitPerClass);
        }
        if (learningRate != null) {
            if (!(learningRate > 0) || learningRate.isInfinite()) {
                throw new IllegalArgumentException("--lr must be a positive number, got " + learningRate);
            }
            b.learningRate(learningRate);
        }
        if (inputSize != null) {
            int[] wh = ImageSizes.parse("--input-size", inputSize);
            b.inputSize(wh[1], wh[0]);
        }
        if (augmentation != null) {
            b.augmentation(io.github.wbczoo.core.Augmentation.preset(augmentation));
        }
        if (validationFraction != null) {
            if (!(validationFraction > 0 && validationFraction < 1)) {
                throw new IllegalArgumentException("--validation-fraction must be between 0 and 1, got " + validationFraction);
            }
            b.split(io.github.wbczoo.core.SplitPolicy.validationFraction(validationFraction));
        }
        return b;
    }

    static void requireLimit(int limitPerClass) {
        if (limitPerClass < 0) {
            throw new IllegalArgumentException("--limit-per-class must be 0 (all images) or more, got " + limitPerClass);
        }
    }

    static void requirePositive(String flag, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(flag + " must be at least 1, got " + value);
        }
    }
}
