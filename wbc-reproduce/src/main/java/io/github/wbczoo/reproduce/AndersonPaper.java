package io.github.wbczoo.reproduce;

import static io.github.wbczoo.reproduce.Measure.TEST;
import static io.github.wbczoo.reproduce.Measure.TEST_SIMPLE;
import static io.github.wbczoo.reproduce.Measure.accuracy;

import io.github.wbczoo.core.Paper;
import io.github.wbczoo.models.Vgg16;
import java.util.List;

/**
 * Anderson, Jin & Lu, "White Blood Cell Identification System Based on Convolutional Neural
 * Networks": VGG16 transfer learning with a global-average-pooling head.
 *
 * <p>Usage: {@code ./wbc reproduce anderson --vgg16-weights vgg16_notop.h5 --epochs 2 --limit-per-class 100 --out runs/anderson}
 */
final class AndersonPaper {
    private AndersonPaper() {
    }

    static PaperReproduction reproduction() {
        return new PaperReproduction(Paper.ANDERSON,
                List.of(
                        // Section "Global Average Pooling": "Before GAP, the model achieved around 88% accuracy on
                        // the test set. Afterwards, the model improved to approximately ~99% accuracy."
                        // (Abstract: "The overall system accuracy achieved by the proposed method is ~99%".)
                        Experiment.of("VGG16 with global average pooling (the poster's head, 14,776,492 params)",
                                Vgg16.GAP_PAPER, List.of(
                                        PaperFigure.reported(accuracy(TEST), "~99%", 0.99, "Global Average Pooling; Abstract"),
                                        PaperFigure.notReported(accuracy(TEST_SIMPLE), "not evaluated in the paper"))),
                        Experiment.of("VGG16 before global average pooling (original 4096-4096 top)", Vgg16.BEFORE_GAP,
                                List.of(PaperFigure.reported(accuracy(TEST), "around 88%", 0.88, "Global Average Pooling"),
                                        PaperFigure.notReported(accuracy(TEST_SIMPLE), "not evaluated in the paper"))),
                        Experiment.of("VGG16 with global average pooling (docs/architectures.md's Dense 112 head)", Vgg16.GAP,
                                List.of(PaperFigure.notReported(accuracy(TEST), "the spec's reading of the head"),
                                        PaperFigure.notReported(accuracy(TEST_SIMPLE), "not evaluated in the paper")))),
                List.of("The paper fine-tunes ImageNet weights: pass them with --vgg16-weights FILE (Keras"
                                + " vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5); without them the base trains from"
                                + " scratch and the figure is not comparable.",
                        "The paper tests on \"2503 unique images\" and mentions 5 WBC types; ours is BCCD's TEST folder"
                                + " (2,487 images, 4 classes).",
                        "The poster's head and its \"before GAP\" model fine-tune the whole network (its trainable count,"
                                + " 14,776,492, is the whole base plus the head); the spec's vgg16Gap freezes up to"
                                + " block4_pool when weights are given.",
                        "vgg16Gap.beforeGap has 134,276,932 parameters: on 2 CPU cores it trains at a few images per"
                                + " second; shorten with --epochs and --limit-per-class."));
    }
}
