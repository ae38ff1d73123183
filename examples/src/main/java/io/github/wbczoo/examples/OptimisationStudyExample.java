package io.github.wbczoo.examples;

import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.data.BccdDataset;
import io.github.wbczoo.data.DataLocator;
import io.github.wbczoo.data.Split;
import io.github.wbczoo.eval.EvaluationSplit;
import io.github.wbczoo.eval.Evaluator;
import io.github.wbczoo.eval.SplitEvaluation;
import io.github.wbczoo.models.WbcModels;

/**
 * The optimisation and regularisation study: one convolutional block at 120x160, trained with
 * SGD, RMSProp and Adam, then Adam with batch norm and the study's best dropout (0.2).
 *
 * <p>Run: {@code ./wbc example optimisation-study [DATA_DIR]}. Shortened to 1 epoch on 100
 * images per class; delete {@code .epochs(1).limitPerClass(100)} for full runs.
 */
public final class OptimisationStudyExample {
    public static void main(String[] args) {
        BccdDataset data = BccdDataset.open(DataLocator.locate(args.length > 0 ? args[0] : null));

        for (String optimizer : new String[] {"sgd", "rmsprop", "adam"}) {
            report(optimizer, WbcModels.basicCnn(1).optimizer(optimizer).epochs(1).limitPerClass(100).fit(data), data);
        }
        WbcModel regularised = WbcModels.basicCnn(1).optimizer("adam").batchNorm(true).dropout(0.2)
                .epochs(1).limitPerClass(100).fit(data);
        report("adam+bn+dropout", regularised, data);
    }

    private static void report(String label, WbcModel model, BccdDataset data) {
        SplitEvaluation test = new Evaluator().evaluate(model,
                EvaluationSplit.of("TEST", data.iterator(Split.TEST, model.dataConfig(), 32)));
        System.out.printf("%-16s TEST accuracy %.3f, macro-F1 %.3f%n", label, test.metrics().accuracy(),
                test.metrics().macro().f1());
    }
}
