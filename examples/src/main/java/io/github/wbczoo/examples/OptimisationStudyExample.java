package io.github.wbczoo.examples;

import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.data.BccdDataset;
import io.github.wbczoo.data.CellImageDataset;
import io.github.wbczoo.data.DataLocator;
import io.github.wbczoo.data.Split;
import io.github.wbczoo.eval.EvaluationReport;
import io.github.wbczoo.eval.EvaluationSplit;
import io.github.wbczoo.eval.Evaluator;
import io.github.wbczoo.models.BasicCnn;
import io.github.wbczoo.models.ModelBuilder;
import io.github.wbczoo.models.WbcModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The optimisation and regularisation study: one convolutional block at 120x160, trained with
 * SGD, RMSProp and Adam <em>without dropout</em> (the study compares the optimisers before it
 * regularises, as {@code ./wbc reproduce optimisation-study} does), then Adam with the study's
 * dropout 0.2. Each is evaluated on TEST and TEST_SIMPLE, saved, loaded back and asked for one prediction.
 *
 * <p>Run: {@code ./wbc example optimisation-study [DATA_DIR [OUT_DIR]]} (OUT_DIR defaults to
 * {@code runs/examples/optimisation-study} and must not exist). Shortened to 1 epoch on 100 images
 * per class; delete {@code .epochs(1).limitPerClass(100)} in {@code main} for full runs (the study
 * trains 50 epochs).
 */
public final class OptimisationStudyExample {
    private OptimisationStudyExample() {
    }

    public static void main(String[] args) {
        Path data = DataLocator.locate(args.length > 0 ? args[0] : null);
        Path out = Path.of(args.length > 1 ? args[1] : "runs/examples/optimisation-study");
        run(data, out, b -> b.epochs(1).limitPerClass(100)); // shortened: delete ".epochs(1).limitPerClass(100)" for full runs
    }

    /**
     * The whole example, writing below {@code out} (which must not exist, so no earlier run is overwritten).
     *
     * @param shorten applied to each builder before fitting (fewer epochs and images; tests also shrink the input)
     * @return each saved model file with the trained model it holds, one per configuration
     */
    public static Map<Path, WbcModel> run(Path dataDir, Path out, UnaryOperator<ModelBuilder<?>> shorten) {
        if (Files.exists(out)) {
            throw new IllegalArgumentException(out + " already exists: pass another output folder, or delete it");
        }
        CellImageDataset data = BccdDataset.open(dataDir);
        Path cell = data.images(Split.TEST_SIMPLE).get(0).file();

        // basicCnn's default dropout is the study's final 0.2; the optimiser comparison ran without it.
        Map<String, BasicCnn> configurations = new LinkedHashMap<>();
        configurations.put("sgd", WbcModels.basicCnn(1).optimizer("sgd").dropout(0));
        configurations.put("rmsprop", WbcModels.basicCnn(1).optimizer("rmsprop").dropout(0));
        configurations.put("adam", WbcModels.basicCnn(1).optimizer("adam").dropout(0));
        configurations.put("adam-dropout0.2", WbcModels.basicCnn(1).optimizer("adam").dropout(0.2));

        Map<Path, WbcModel> saved = new LinkedHashMap<>();
        configurations.forEach((label, builder) -> {
            WbcModel model = shorten.apply(builder).fit(data);

            EvaluationReport report = new Evaluator().evaluate(model, List.of(
                    EvaluationSplit.of("TEST", data.iterator(Split.TEST, model.dataConfig(), 32)),
                    EvaluationSplit.of("TEST_SIMPLE", data.iterator(Split.TEST_SIMPLE, model.dataConfig(), 32))));
            report.splits().values().forEach(split -> System.out.println(label + " " + split));
            report.writeTo(out.resolve(label + "/report"));

            Path file = out.resolve("basicCnn-" + label + ".wbc");
            model.save(file);
            WbcModel loaded = WbcModel.load(file);
            System.out.println(label + " " + cell.getFileName() + ": " + loaded.predict(cell));
            saved.put(file, model);
        });
        return saved;
    }
}
