package io.github.wbczoo.examples;

import io.github.wbczoo.core.SplitPolicy;
import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.data.BccdDataset;
import io.github.wbczoo.data.DataLocator;
import io.github.wbczoo.data.SplitPlan;
import io.github.wbczoo.eval.EvaluationReport;
import io.github.wbczoo.eval.EvaluationSplit;
import io.github.wbczoo.eval.Evaluator;
import io.github.wbczoo.models.WbcModels;
import java.nio.file.Path;
import java.util.List;

/**
 * Rao et al.: the depthwise-separable network at 150x150 with its recipe (Adam, learning rate cut
 * by 0.3 when validation accuracy stalls for 3 epochs) on the paper's pooled 80:10:10 split. That
 * split pools every image (TEST_SIMPLE too) and puts augmented copies of one cell on both sides, so
 * no BCCD split is clean for this model: the report carries a leakage warning.
 *
 * <p>Run: {@code ./wbc example rao [DATA_DIR]}. Shortened to 2 epochs on 200 images per class;
 * delete {@code .epochs(2).limitPerClass(200)} for the paper's 32 epochs.
 */
public final class RaoExample {
    public static void main(String[] args) {
        BccdDataset data = BccdDataset.open(DataLocator.locate(args.length > 0 ? args[0] : null));

        WbcModel model = WbcModels.depthwiseSeparable().epochs(2).limitPerClass(200).fit(data);
        model.save(Path.of("runs/examples/rao/depthwiseSeparable.wbc"));

        SplitPlan pooled = data.splits(SplitPolicy.pooled(0.8, 0.1, 0.1), 42); // the recipe's split and seed
        EvaluationReport report = new Evaluator().evaluate(model, List.of(
                EvaluationSplit.of("pooled test", data.iterator(pooled.test(), model.dataConfig(), 32)).asLeaky()));
        report.warnings().forEach(w -> System.out.println("WARNING: " + w));
        System.out.println("Report: " + report.writeTo(Path.of("runs/examples/rao/report")).html());
    }
}
