package io.github.wbczoo.examples;

import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.data.BccdDataset;
import io.github.wbczoo.data.DataLocator;
import io.github.wbczoo.data.Split;
import io.github.wbczoo.eval.EvaluationReport;
import io.github.wbczoo.eval.EvaluationSplit;
import io.github.wbczoo.eval.Evaluator;
import io.github.wbczoo.models.Vgg16;
import io.github.wbczoo.models.WbcModels;
import java.nio.file.Path;
import java.util.List;

/**
 * Anderson et al.: VGG16 transfer learning with a global-average-pooling head (224x224, ImageNet
 * preprocessing tied to the model). With ImageNet weights (the Keras
 * {@code vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5}, which you download yourself) all but
 * the last block are frozen; without them the base trains from scratch and the model says so.
 *
 * <p>Run: {@code ./wbc example anderson [DATA_DIR [WEIGHTS.h5]]}. Shortened to 1 epoch on 25
 * images per class and evaluated on TEST_SIMPLE only (VGG16 is slow on a CPU); delete
 * {@code .epochs(1).limitPerClass(25)} and add TEST for the full run.
 */
public final class AndersonExample {
    public static void main(String[] args) {
        BccdDataset data = BccdDataset.open(DataLocator.locate(args.length > 0 ? args[0] : null));

        Vgg16 builder = WbcModels.vgg16Gap().epochs(1).limitPerClass(25);
        if (args.length > 1) {
            builder.weights(Path.of(args[1]));
        }
        WbcModel model = builder.fit(data);
        System.out.println(model + ", weights: " + model.notes().get("weights"));
        model.save(Path.of("runs/examples/anderson/vgg16Gap.wbc"));

        EvaluationReport report = new Evaluator().evaluate(model, List.of(
                EvaluationSplit.of("TEST_SIMPLE", data.iterator(Split.TEST_SIMPLE, model.dataConfig(), 16))));
        System.out.println("Report: " + report.writeTo(Path.of("runs/examples/anderson/report")).html());
    }
}
