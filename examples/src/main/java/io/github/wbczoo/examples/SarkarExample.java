package io.github.wbczoo.examples;

import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.data.BccdDataset;
import io.github.wbczoo.data.DataLocator;
import io.github.wbczoo.data.Split;
import io.github.wbczoo.eval.EvaluationSplit;
import io.github.wbczoo.eval.Evaluator;
import io.github.wbczoo.eval.SplitEvaluation;
import io.github.wbczoo.models.UnetEncoder;
import io.github.wbczoo.models.WbcModels;
import java.nio.file.Path;

/**
 * Sarkar et al.: the first half of a U-net (150,012 parameters) on raw 240x320 pixels, trained
 * with each of the paper's three losses, compared on TEST.
 *
 * <p>Run: {@code ./wbc example sarkar [DATA_DIR]}. Shortened to 1 epoch on 100 images per class;
 * delete {@code .epochs(1).limitPerClass(100)} for the paper's 100 epochs.
 */
public final class SarkarExample {
    public static void main(String[] args) {
        BccdDataset data = BccdDataset.open(DataLocator.locate(args.length > 0 ? args[0] : null));

        for (UnetEncoder.Loss loss : UnetEncoder.Loss.values()) {
            WbcModel model = WbcModels.unetEncoder().loss(loss).epochs(1).limitPerClass(100).fit(data);
            model.save(Path.of("runs/examples/sarkar/unetEncoder-" + loss + ".wbc"));

            SplitEvaluation test = new Evaluator().evaluate(model,
                    EvaluationSplit.of("TEST", data.iterator(Split.TEST, model.dataConfig(), 32)));
            System.out.printf("%-14s TEST accuracy %.3f (95%% CI %.3f-%.3f)%n", loss, test.metrics().accuracy(),
                    test.bootstrap().accuracy().lower(), test.bootstrap().accuracy().upper());
        }
    }
}
