package io.github.wbczoo.examples.cli;

import io.github.wbczoo.core.TrainingData;
import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.data.BccdDataset;
import io.github.wbczoo.data.BccdIterator;
import io.github.wbczoo.data.LabeledImage;
import io.github.wbczoo.eval.EvaluationReport;
import io.github.wbczoo.eval.EvaluationSplit;
import io.github.wbczoo.eval.Evaluator;
import io.github.wbczoo.eval.ReportFiles;
import io.github.wbczoo.models.ModelBuilder;
import io.github.wbczoo.models.WbcModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
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
                + " improvement), OUT/history.json and OUT/validation/ (report).")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "NAME", description = "Registry name (see ./wbc models).")
    String modelName;

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

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--resume", description = "Continue from OUT/model.wbc (its weights, optimiser state and history).")
    boolean resume;

    @Override
    public Integer call() {
        ModelBuilder<?> builder = configure(WbcModels.create(modelName));
        Path modelFile = out.resolve("model.wbc");
        BccdDataset dataset = data.open(); // before creating --out, so bad data leaves nothing behind
        prepareOutput(modelFile);
        builder.checkpoint(modelFile);

        WbcModel model = resume ? WbcModel.load(modelFile) : builder.build();
        System.out.println("Training " + model + (resume ? ", resuming after epoch " + model.history().last().epoch() : ""));
        TrainingData training = dataset.trainingData(builder.dataRequest());
        System.out.println("Data: " + training.description());
        builder.train(model, training);

        model.save(modelFile);
        model.history().writeJson(out.resolve("history.json"));
        EvaluationReport report = new Evaluator().evaluate(model, List.of(validationSplit(training)));
        ReportFiles files = report.writeTo(out.resolve("validation"));
        double accuracy = report.split("validation").metrics().accuracy();
        System.out.printf(Locale.ROOT, "Validation accuracy %.4f. Model: %s, history: %s, report: %s%n", accuracy,
                modelFile.toAbsolutePath(), out.resolve("history.json").toAbsolutePath(), files.html().toAbsolutePath());
        return 0;
    }

    ModelBuilder<?> configure(ModelBuilder<?> b) {
        if (epochs != null) {
            b.epochs(epochs);
        }
        if (batch != null) {
            b.batchSize(batch);
        }
        if (seed != null) {
            b.seed(seed);
        }
        if (limitPerClass != null) {
            b.limitPerClass(limitPerClass);
        }
        if (learningRate != null) {
            b.learningRate(learningRate);
        }
        if (inputSize != null) {
            int[] wh = ImageSizes.parse("--input-size", inputSize);
            b.inputSize(wh[1], wh[0]);
        }
        return b;
    }


    private void prepareOutput(Path modelFile) {
        if (resume && !Files.isRegularFile(modelFile)) {
            throw new IllegalArgumentException("--resume: no model to resume at " + modelFile.toAbsolutePath());
        }
        if (!resume && Files.exists(modelFile)) {
            throw new IllegalArgumentException(modelFile.toAbsolutePath() + " already exists: use --resume to continue it"
                    + " or choose another --out");
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create output folder " + out.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** The validation batches with their image paths, so the report can list misclassified files. */
    static EvaluationSplit validationSplit(TrainingData training) {
        DataSetIterator it = training.validation();
        EvaluationSplit split = EvaluationSplit.of("validation", it);
        if (it instanceof BccdIterator bccd) {
            split = split.withImagePaths(bccd.images().stream().map(LabeledImage::file).toList());
        }
        return training.leaky() ? split.asLeaky() : split;
    }
}
