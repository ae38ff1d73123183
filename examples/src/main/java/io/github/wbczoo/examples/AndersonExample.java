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
import io.github.wbczoo.models.Vgg16;
import io.github.wbczoo.models.WbcModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Anderson et al.: VGG16 transfer learning with a global-average-pooling head (224x224, ImageNet
 * preprocessing tied to the model). With ImageNet weights (the Keras
 * {@code vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5}, which you download yourself) all but
 * the last block are frozen; without them the base trains from scratch and the model says so.
 * Build, fit, evaluate, save, load, predict.
 *
 * <p>Run: {@code ./wbc example anderson [DATA_DIR [WEIGHTS.h5 [OUT_DIR]]]} ({@code -} for no
 * weights; OUT_DIR defaults to {@code runs/examples/anderson} and must not exist). Shortened to 1
 * epoch on 25 images per class and evaluated on TEST_SIMPLE only (VGG16 is slow on a CPU); delete
 * {@code .epochs(1).limitPerClass(25)} in {@code main} and add TEST for the full run.
 */
public final class AndersonExample {
    private AndersonExample() {
    }

    public static void main(String[] args) {
        Path data = DataLocator.locate(args.length > 0 ? args[0] : null);
        Path weights = args.length > 1 && !args[1].equals("-") ? Path.of(args[1]) : null;
        Path out = Path.of(args.length > 2 ? args[2] : "runs/examples/anderson");
        run(data, weights, out, b -> b.epochs(1).limitPerClass(25)); // shortened: delete ".epochs(1).limitPerClass(25)" for the full run
    }

    /**
     * The whole example, writing below {@code out} (which must not exist, so no earlier run is overwritten).
     *
     * @param weights the Keras ImageNet weights file, or null to train the base from scratch
     * @param shorten applied to the builder before fitting (fewer epochs and images; tests also shrink the input)
     * @return the saved model file with the trained model it holds
     */
    public static Map<Path, WbcModel> run(Path dataDir, Path weights, Path out, UnaryOperator<ModelBuilder<?>> shorten) {
        if (Files.exists(out)) {
            throw new IllegalArgumentException(out + " already exists: pass another output folder, or delete it");
        }
        CellImageDataset data = BccdDataset.open(dataDir);

        Vgg16 builder = WbcModels.vgg16Gap();
        if (weights != null) {
            builder.weights(weights);
        }
        WbcModel model = shorten.apply(builder).fit(data);
        System.out.println(model + ", weights: " + model.notes().get("weights"));

        EvaluationReport report = new Evaluator().evaluate(model, List.of(
                EvaluationSplit.of("TEST_SIMPLE", data.iterator(Split.TEST_SIMPLE, model.dataConfig(), 16))));
        report.splits().values().forEach(System.out::println);
        System.out.println("Report: " + report.writeTo(out.resolve("report")).html());

        // The file carries the ImageNet preprocessing too, so the loaded model predicts straight from an image file.
        Path file = out.resolve("vgg16Gap.wbc");
        model.save(file);
        WbcModel loaded = WbcModel.load(file);
        Path cell = data.images(Split.TEST_SIMPLE).get(0).file();
        System.out.println(cell.getFileName() + ": " + loaded.predict(cell));
        return Map.of(file, model);
    }
}
