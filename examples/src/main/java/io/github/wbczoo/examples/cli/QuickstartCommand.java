package io.github.wbczoo.examples.cli;

import io.github.wbczoo.core.TestSet;
import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.data.CellImageDataset;
import io.github.wbczoo.eval.ConfidenceInterval;
import io.github.wbczoo.eval.EvaluationReport;
import io.github.wbczoo.eval.EvaluationSplit;
import io.github.wbczoo.eval.Evaluator;
import io.github.wbczoo.eval.ReportFiles;
import io.github.wbczoo.eval.SplitEvaluation;
import io.github.wbczoo.models.ModelBuilder;
import io.github.wbczoo.models.RunOptions;
import io.github.wbczoo.models.TrainingRun;
import io.github.wbczoo.models.WbcModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./wbc quickstart}: the README's main job. Trains a model with its recipe on a budget that
 * finishes in about ten minutes on two CPU cores, evaluates it on TEST and TEST_SIMPLE, writes the
 * HTML report, and prints the headline figures with their intervals.
 *
 * <p>Usage: {@code ./wbc quickstart --data ../shared/bccd}
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Train, evaluate and report in about ten minutes on 2 CPU cores (the README's main job).")
public final class QuickstartCommand implements Callable<Integer> {
    @Mixin
    DataOption data;

    @Option(names = "--model", defaultValue = QuickstartBudget.MODEL, description = "Registry name (default ${DEFAULT-VALUE}).")
    String modelName;

    @Option(names = "--epochs", defaultValue = "" + QuickstartBudget.EPOCHS, description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--limit-per-class", defaultValue = "" + QuickstartBudget.LIMIT_PER_CLASS,
            description = "Training images per class (default ${DEFAULT-VALUE} = all).")
    int limitPerClass;

    @Option(names = "--adam", paramLabel = "LR",
            description = "Train with Adam at this learning rate instead of the recipe's optimiser.")
    Double adam;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: " + DEFAULT_OUT + ", or "
            + DEFAULT_OUT + "-2, -3, ... when it holds an earlier run). An explicit folder that holds a model is refused.")
    Path out;

    static final String DEFAULT_OUT = "runs/quickstart";

    @Override
    public Integer call() {
        TrainCommand.requirePositive("--epochs", epochs);
        TrainCommand.requireLimit(limitPerClass);
        ModelBuilder<?> builder = WbcModels.create(modelName).epochs(epochs).limitPerClass(limitPerClass);
        if (adam != null) {
            builder.updater(new org.nd4j.linalg.learning.config.Adam(adam));
        }
        Path folder = out != null ? out : QuickstartFolders.fresh(Path.of(DEFAULT_OUT));
        if (out == null && !folder.equals(Path.of(DEFAULT_OUT))) {
            System.out.println(DEFAULT_OUT + " holds an earlier run; this one goes to " + folder);
        }
        RunFolder.check(folder, false, builder.name(), "choose another --out, or leave --out out to get a new folder");
        CellImageDataset dataset = data.open();
        // What WbcModels.create(name).fit(data) runs, with the run folder's checkpoints
        TrainingRun training = builder.prepare(dataset, RunFolder.options(folder, RunOptions.defaults()));
        // quickstart has no --resume; train continues its folder (same layout), at the quickstart's own settings
        String howToContinue = "continue with ./wbc train --model " + builder.name() + " --epochs " + epochs
                + (limitPerClass > 0 ? " --limit-per-class " + limitPerClass : "") + " --out " + folder + " --resume";
        try (RunFolder run = RunFolder.open(folder, false, howToContinue)) {
            System.out.println("Training " + training.model() + " into " + run.folder());
            System.out.println("Data: " + training.data().description());
            WbcModel model = training.fit();

            List<String> tests = training.testSets().stream().map(TestSet::name).toList();
            System.out.println("Evaluating on " + String.join(" and ", tests) + "...");
            EvaluationReport report = new Evaluator().evaluate(model, EvaluationSplit.allOf(training.data()));
            ReportFiles files = report.writeTo(run.folder().resolve("report"));
            run.finished();

            System.out.println();
            tests.forEach(t -> System.out.println(headline(report, t)));
            report.warnings().forEach(w -> System.out.println("Note: " + w));
            System.out.println("Model:  " + run.bestModel());
            System.out.println("Report: " + files.html().toAbsolutePath());
            data.reportSkipped(System.out);
        }
        return 0;
    }

    static String headline(EvaluationReport report, String split) {
        SplitEvaluation e = report.split(split);
        ConfidenceInterval ci = e.bootstrap().accuracy();
        return String.format(Locale.ROOT, "%-12s accuracy %.1f%% (95%% CI %.1f-%.1f%%), balanced accuracy %.1f%%, macro-F1 %.3f, n=%d",
                split, 100 * e.metrics().accuracy(), 100 * ci.lower(), 100 * ci.upper(),
                100 * e.metrics().balancedAccuracy(), e.metrics().macro().f1(), e.n());
    }

    /**
     * The default budget, chosen by measurement on a 2-core machine (README): Chen & Zhu's MyCNN v9
     * with its recipe learns from the first epoch (validation 51% after one, as the paper's
     * PyTorch run), while the Keras-recipe networks (Inception with Adadelta, basicCnn with Adam)
     * were still at chance after 1-2 epochs and ParaB runs at a few images per second.
     */
    static final class QuickstartBudget {
        static final String MODEL = "myCnn.v9";
        static final int EPOCHS = 2;
        static final int LIMIT_PER_CLASS = 0;

        private QuickstartBudget() {
        }
    }
}
