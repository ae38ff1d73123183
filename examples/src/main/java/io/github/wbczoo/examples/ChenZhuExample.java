package io.github.wbczoo.examples;

import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.data.BccdDataset;
import io.github.wbczoo.data.CellImageDataset;
import io.github.wbczoo.data.DataLocator;
import io.github.wbczoo.data.Split;
import io.github.wbczoo.eval.EvaluationReport;
import io.github.wbczoo.eval.EvaluationSplit;
import io.github.wbczoo.eval.Evaluator;
import io.github.wbczoo.models.ModelBuilder;
import io.github.wbczoo.models.WbcModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Chen & Zhu: the Inception "ParaB" network with its Keras recipe (80x60, divide by 255,
 * rotation/shift/flip augmentation, Adadelta, best validation weights), and the paper's central
 * finding: accuracy on the augmented TEST split against the original TEST_SIMPLE images.
 * Build, fit, evaluate, save, load, predict.
 *
 * <p>Run: {@code ./wbc example chen-zhu [DATA_DIR [OUT_DIR]]} (OUT_DIR defaults to
 * {@code runs/examples/chen-zhu} and must not exist). Shortened to 2 epochs on 200 images per
 * class so it finishes in minutes; delete {@code .epochs(2).limitPerClass(200)} in {@code main}
 * for the paper's run.
 */
public final class ChenZhuExample {
    private ChenZhuExample() {
    }

    public static void main(String[] args) {
        Path data = DataLocator.locate(args.length > 0 ? args[0] : null);
        Path out = Path.of(args.length > 1 ? args[1] : "runs/examples/chen-zhu");
        run(data, out, b -> b.epochs(2).limitPerClass(200)); // shortened: delete ".epochs(2).limitPerClass(200)" for the paper's run
    }

    /**
     * The whole example, writing below {@code out} (which must not exist, so no earlier run is overwritten).
     *
     * @param shorten applied to the builder before fitting (fewer epochs and images; tests also shrink the input)
     * @return the saved model file with the trained model it holds
     */
    public static Map<Path, WbcModel> run(Path dataDir, Path out, UnaryOperator<ModelBuilder<?>> shorten) {
        if (Files.exists(out)) {
            throw new IllegalArgumentException(out + " already exists: pass another output folder, or delete it");
        }
        CellImageDataset data = BccdDataset.open(dataDir);

        WbcModel model = shorten.apply(WbcModels.inceptionParaB()).fit(data);

        EvaluationReport report = new Evaluator().evaluate(model, List.of(
                EvaluationSplit.of("TEST", data.iterator(Split.TEST, model.dataConfig(), 32)),
                EvaluationSplit.of("TEST_SIMPLE", data.iterator(Split.TEST_SIMPLE, model.dataConfig(), 32))));
        report.splits().values().forEach(System.out::println);
        report.comparisons().forEach(c -> System.out.println(c.summary())); // the paper's TEST vs TEST_SIMPLE gap
        System.out.println("Report: " + report.writeTo(out.resolve("report")).html());

        // The file carries the preprocessing too, so the loaded model predicts straight from an image file.
        Path file = out.resolve("inceptionParaB.wbc");
        model.save(file);
        WbcModel loaded = WbcModel.load(file);
        Path cell = data.images(Split.TEST_SIMPLE).get(0).file();
        System.out.println(cell.getFileName() + ": " + loaded.predict(cell));
        return Map.of(file, model);
    }
}
