package io.github.wbczoo.examples;

import io.github.wbczoo.core.SplitPolicy;
import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.data.BccdDataset;
import io.github.wbczoo.data.CellImageDataset;
import io.github.wbczoo.data.DataLocator;
import io.github.wbczoo.data.Split;
import io.github.wbczoo.data.SplitPlan;
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
 * Rao et al.: the depthwise-separable network at 150x150 with its recipe (Adam, learning rate cut
 * by 0.3 when validation accuracy stalls for 3 epochs) on the paper's pooled 80:10:10 split. That
 * split pools every image (TEST_SIMPLE too) and puts augmented copies of one cell on both sides, so
 * no BCCD split is clean for this model: the report carries a leakage warning.
 * Build, fit, evaluate, save, load, predict.
 *
 * <p>Run: {@code ./wbc example rao [DATA_DIR [OUT_DIR]]} (OUT_DIR defaults to
 * {@code runs/examples/rao} and must not exist). Shortened to 2 epochs on 200 images per class;
 * delete {@code .epochs(2).limitPerClass(200)} in {@code main} for the paper's 32 epochs.
 */
public final class RaoExample {
    private RaoExample() {
    }

    public static void main(String[] args) {
        Path data = DataLocator.locate(args.length > 0 ? args[0] : null);
        Path out = Path.of(args.length > 1 ? args[1] : "runs/examples/rao");
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

        WbcModel model = shorten.apply(WbcModels.depthwiseSeparable()).fit(data);

        SplitPlan pooled = data.splits(SplitPolicy.pooled(0.8, 0.1, 0.1), 42); // the recipe's split and seed
        EvaluationReport report = new Evaluator().evaluate(model, List.of(
                EvaluationSplit.of("pooled test", data.iterator(pooled.test(), model.dataConfig(), 32)).asLeaky()));
        report.splits().values().forEach(System.out::println);
        report.warnings().forEach(w -> System.out.println("WARNING: " + w));
        System.out.println("Report: " + report.writeTo(out.resolve("report")).html());

        // The file carries the preprocessing too, so the loaded model predicts straight from an image file.
        // (The pooled split trained on TEST_SIMPLE images as well: this is a demonstration, not a test.)
        Path file = out.resolve("depthwiseSeparable.wbc");
        model.save(file);
        WbcModel loaded = WbcModel.load(file);
        Path cell = data.images(Split.TEST_SIMPLE).get(0).file();
        System.out.println(cell.getFileName() + ": " + loaded.predict(cell));
        return Map.of(file, model);
    }
}
