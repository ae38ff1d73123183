package io.github.wbczoo.examples;

import io.github.wbczoo.core.Prediction;
import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.data.BccdDataset;
import io.github.wbczoo.data.DataLocator;
import io.github.wbczoo.data.Split;
import io.github.wbczoo.eval.EvaluationReport;
import io.github.wbczoo.eval.EvaluationSplit;
import io.github.wbczoo.eval.Evaluator;
import io.github.wbczoo.models.WbcModels;
import java.nio.file.Path;
import java.util.List;

/**
 * Chen & Zhu: the Inception "ParaB" network with its Keras recipe (80x60, divide by 255,
 * rotation/shift/flip augmentation, Adadelta, best validation weights), and the paper's central
 * finding: accuracy on the augmented TEST split against the original TEST_SIMPLE images.
 *
 * <p>Run: {@code ./wbc example chen-zhu [DATA_DIR]}. Shortened to 2 epochs on 200 images per
 * class so it finishes in minutes; delete {@code .epochs(2).limitPerClass(200)} for the paper's run.
 */
public final class ChenZhuExample {
    public static void main(String[] args) {
        BccdDataset data = BccdDataset.open(DataLocator.locate(args.length > 0 ? args[0] : null));

        WbcModel model = WbcModels.inceptionParaB().epochs(2).limitPerClass(200).fit(data);
        Path file = Path.of("runs/examples/chen-zhu/inceptionParaB.wbc");
        model.save(file);

        // The saved model carries its preprocessing: load it and evaluate both test splits.
        WbcModel loaded = WbcModel.load(file);
        EvaluationReport report = new Evaluator().evaluate(loaded, List.of(
                EvaluationSplit.of("TEST", data.iterator(Split.TEST, loaded.dataConfig(), 32)),
                EvaluationSplit.of("TEST_SIMPLE", data.iterator(Split.TEST_SIMPLE, loaded.dataConfig(), 32))));
        report.writeTo(Path.of("runs/examples/chen-zhu/report"));
        report.comparisons().forEach(c -> System.out.println(c.summary()));

        Path cell = data.images(Split.TEST_SIMPLE).get(0).file();
        Prediction p = loaded.predict(cell);
        System.out.printf("%s: %s (%.2f)%n", cell.getFileName(), p.predicted(), p.confidence());
    }
}
