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
import io.github.wbczoo.models.UnetEncoder;
import io.github.wbczoo.models.WbcModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Sarkar et al.: the first half of a U-net (150,012 parameters) on raw 240x320 pixels, trained
 * with each of the paper's three losses, each evaluated on TEST and TEST_SIMPLE, saved, loaded
 * back and asked for one prediction.
 *
 * <p>Run: {@code ./wbc example sarkar [DATA_DIR [OUT_DIR]]} (OUT_DIR defaults to
 * {@code runs/examples/sarkar} and must not exist). Shortened to 1 epoch on 100 images per class;
 * delete {@code .epochs(1).limitPerClass(100)} in {@code main} for the paper's 100 epochs.
 */
public final class SarkarExample {
    private SarkarExample() {
    }

    public static void main(String[] args) {
        Path data = DataLocator.locate(args.length > 0 ? args[0] : null);
        Path out = Path.of(args.length > 1 ? args[1] : "runs/examples/sarkar");
        run(data, out, b -> b.epochs(1).limitPerClass(100)); // shortened: delete ".epochs(1).limitPerClass(100)" for the paper's run
    }

    /**
     * The whole example, writing below {@code out} (which must not exist, so no earlier run is overwritten).
     *
     * @param shorten applied to each builder before fitting (fewer epochs and images; tests also shrink the input)
     * @return each saved model file with the trained model it holds, one per loss
     */
    public static Map<Path, WbcModel> run(Path dataDir, Path out, UnaryOperator<ModelBuilder<?>> shorten) {
        if (Files.exists(out)) {
            throw new IllegalArgumentException(out + " already exists: pass another output folder, or delete it");
        }
        CellImageDataset data = BccdDataset.open(dataDir);
        Path cell = data.images(Split.TEST_SIMPLE).get(0).file();
        Map<Path, WbcModel> saved = new LinkedHashMap<>();

        for (UnetEncoder.Loss loss : UnetEncoder.Loss.values()) {
            WbcModel model = shorten.apply(WbcModels.unetEncoder().loss(loss)).fit(data);

            EvaluationReport report = new Evaluator().evaluate(model, List.of(
                    EvaluationSplit.of("TEST", data.iterator(Split.TEST, model.dataConfig(), 32)),
                    EvaluationSplit.of("TEST_SIMPLE", data.iterator(Split.TEST_SIMPLE, model.dataConfig(), 32))));
            report.splits().values().forEach(split -> System.out.println(loss + " " + split));
            report.writeTo(out.resolve(loss + "/report"));

            Path file = out.resolve("unetEncoder-" + loss + ".wbc");
            model.save(file);
            WbcModel loaded = WbcModel.load(file);
            System.out.println(loss + " " + cell.getFileName() + ": " + loaded.predict(cell));
            saved.put(file, model);
        }
        return saved;
    }
}
