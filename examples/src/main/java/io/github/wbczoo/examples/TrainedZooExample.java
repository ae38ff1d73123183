package io.github.wbczoo.examples;

import io.github.wbczoo.core.ImageClassifier;
import io.github.wbczoo.core.ImageDecoder;
import io.github.wbczoo.core.Prediction;
import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.data.BccdDataset;
import io.github.wbczoo.data.CellImageDataset;
import io.github.wbczoo.data.DataLocator;
import io.github.wbczoo.data.LabeledImage;
import io.github.wbczoo.data.Split;
import io.github.wbczoo.eval.EvaluationSettings;
import io.github.wbczoo.eval.Predictions;
import io.github.wbczoo.eval.SplitEvaluation;
import io.github.wbczoo.models.Pretrained;
import io.github.wbczoo.models.WbcModels;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The trained zoo: each shipped model, and each shipped ensemble (the mean of its members'
 * probabilities, each member with its own preprocessing), on TEST and TEST_SIMPLE, with intervals
 * that resample source cells, from the image files. Inference only; about a minute on two cores.
 *
 * <p>Run: {@code ./wbc example trained-zoo [DATA_DIR]}
 */
public final class TrainedZooExample {
    private TrainedZooExample() {
    }

    public static void main(String[] args) {
        CellImageDataset bccd = BccdDataset.open(DataLocator.locate(args.length > 0 ? args[0] : null));
        List<WbcModel> shipped = Pretrained.names().stream().map(WbcModels::pretrained).toList();
        for (WbcModel m : shipped) {
            report(m.architecture(), bccd, m);
        }
        for (String name : Pretrained.ensembleNames()) {
            report(name + " (mean)", bccd, Pretrained.ensemble(name));
        }
    }

    private static void report(String name, CellImageDataset bccd, ImageClassifier classifier) {
        for (Split split : List.of(Split.TEST_SIMPLE, Split.TEST)) {
            List<LabeledImage> images = bccd.images(split);
            List<Prediction> answers = predictAll(images, classifier);
            Predictions.Builder b = Predictions.builder(bccd.classes());
            List<String> groups = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                float[] p = answers.get(i).probabilities();
                double[] row = new double[p.length];
                for (int k = 0; k < p.length; k++) {
                    row[k] = p[k];
                }
                b.add(images.get(i).label(), row, images.get(i).file());
                groups.add(images.get(i).group());
            }
            SplitEvaluation e = SplitEvaluation.of(split.name(), b.build().withGroups(groups), false,
                    EvaluationSettings.defaults());
            var ci = e.bootstrap().accuracy();
            System.out.printf("%-40s %-11s %4d/%-4d right  accuracy %5.1f%% (%.1f-%.1f%% by cell)  balanced %5.1f%%%n",
                    name, split.name(), e.confusion().correct(), e.n(), 100 * e.metrics().accuracy(), 100 * ci.lower(),
                    100 * ci.upper(), 100 * e.metrics().balancedAccuracy());
        }
    }

    /** Batches of 32 files, decoded once per batch. */
    private static List<Prediction> predictAll(List<LabeledImage> images, ImageClassifier classifier) {
        List<Prediction> out = new ArrayList<>();
        for (int from = 0; from < images.size(); from += 32) {
            List<BufferedImage> batch = images.subList(from, Math.min(images.size(), from + 32)).stream()
                    .map(im -> ImageDecoder.read(im.file().toAbsolutePath())).toList();
            out.addAll(classifier.predict(batch));
        }
        return out;
    }
}
