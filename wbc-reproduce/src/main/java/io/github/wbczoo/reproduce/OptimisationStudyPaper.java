package io.github.wbczoo.reproduce;

import static io.github.wbczoo.reproduce.Measure.TEST;
import static io.github.wbczoo.reproduce.Measure.TEST_SIMPLE;
import static io.github.wbczoo.reproduce.Measure.accuracy;

import io.github.wbczoo.core.Paper;
import io.github.wbczoo.core.SplitPolicy;
import io.github.wbczoo.models.BasicCnn;
import io.github.wbczoo.models.KerasOptimizer;
import io.github.wbczoo.models.Vgg16;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * "Classifying Blood Cell Images with Deep Learning" , the optimisation and
 * regularisation study: three optimisers on the one-block CNN, then dropout, batch norm and
 * feature centering, then deeper networks and VGG16 transfer. The study prints only two numbers
 * (Sections "Optimization" and "Conclusion"); every other comparison is described in words.
 *
 * <p>Usage: {@code ./wbc reproduce optimisation-study --epochs 5 --limit-per-class 200 --out runs/study}
 */
final class OptimisationStudyPaper {
    private OptimisationStudyPaper() {
    }

    static PaperReproduction reproduction() {
        return new PaperReproduction(Paper.OPTIMISATION_STUDY,
                onTest(
                        // "Optimization": "SGD provides consistent learning but is slow and after 50 epochs has
                        // unimpressive accuracy."
                        basic("SGD", "optimizer=sgd (lr 0.01), no dropout", b -> b.optimizer(KerasOptimizer.SGD).dropout(0),
                                none("no number: \"unimpressive accuracy\" after 50 epochs (Optimization)")),
                        // "both RMSProp and Adams have faster convergence, reaching 60% accuracy after 50 epochs."
                        basic("RMSProp", "optimizer=rmsprop (lr 0.001), no dropout",
                                b -> b.optimizer(KerasOptimizer.RMSPROP).dropout(0), about60()),
                        basic("Adam", "optimizer=adam (lr 0.001), no dropout",
                                b -> b.optimizer(KerasOptimizer.ADAM).dropout(0), about60()),
                        // "Regularization": dropout 20% "roughly optimal", helped test accuracy; no number.
                        basic("Adam + dropout 0.2", "dropout=0.2", b -> b.dropout(0.2),
                                none("no number: dropout \"helped increase the test accuracy\" (Regularization)")),
                        // Batch normalisation "introduced significant instability in the learning and was abandoned".
                        basic("Adam + dropout 0.2 + batch norm", "dropout=0.2, batchNorm=on", b -> b.dropout(0.2).batchNorm(true),
                                none("no number: \"significant instability\", abandoned (Regularization)")),
                        // Feature centering "proved unreliable and heavily dependent on the initialization".
                        basic("Adam + dropout 0.2 + feature centering", "dropout=0.2, featurewiseCenter=on",
                                b -> b.dropout(0.2).featurewiseCenter(true),
                                none("no number: \"unreliable\", depends on initialisation (Regularization)")),
                        // "Architecture": more layers with and without feature centering, "roughly the same accuracy".
                        Experiment.of("Two blocks + feature centering", "basicCnn.deeper2", BasicCnn.class,
                                "featurewiseCenter=on", b -> b.featurewiseCenter(true),
                                none("no number: \"stark improvement\", then overfitting (Architecture)")),
                        Experiment.of("Two blocks", "basicCnn.deeper2", BasicCnn.class, "featurewiseCenter=off",
                                b -> b.featurewiseCenter(false),
                                none("no number: \"roughly the same accuracy\" as with centering (Architecture)")),
                        // "This architecture proved to be the most accurate"; Conclusion: "Combining convolutional
                        // neural networks, maxpooling, and dropout, I achieved roughly 85% classification accuracy".
                        Experiment.of("Three blocks", "basicCnn.deeper3", List.of(
                                PaperFigure.reported(accuracy(TEST), "~85%", 0.85, "Conclusion"),
                                PaperFigure.notReported(accuracy(TEST_SIMPLE), "not evaluated in the study"))),
                        // VGG16: "the test set suffered from massive overfitting"; no number.
                        Experiment.of("VGG16 transfer", Vgg16.TRANSFER,
                                none("no number: \"massive overfitting\" (Architecture)"))),
                List.of("The study's protocol, used here: train on all of TRAIN (\"nearly 10,000 training images\"),"
                                + " validate on the TEST folder (\"nearly 2,500 validation images\"). There is no separate"
                                + " test set: our TEST figures are validation figures, chosen on, so optimistic.",
                        "It prints two numbers: RMSProp and Adam \"reaching 60% accuracy after 50 epochs\" (the text"
                                + " does not say whether training or test accuracy) and \"roughly 85%\" for its final network.",
                        "VGG16 transfer needs ImageNet weights (--vgg16-weights FILE); without them the base trains from"
                                + " scratch, which is not the study's method.",
                        "The study gives no TEST_SIMPLE figures."));
    }

    /** Every run of the study under its protocol: validation on the TEST folder. */
    private static List<Experiment> onTest(Experiment... experiments) {
        return java.util.Arrays.stream(experiments)
                .map(e -> e.withSplit(SplitPolicy.validationOnTest(), "validation on TEST")).toList();
    }

    private static Experiment basic(String label, String overrides, UnaryOperator<BasicCnn> configure, List<PaperFigure> figures) {
        return Experiment.of(label, BasicCnn.NAME, BasicCnn.class, overrides, configure, figures);
    }

    private static List<PaperFigure> about60() {
        return List.of(PaperFigure.reported(accuracy(TEST), "~60%", 0.60, "Optimization"),
                PaperFigure.notReported(accuracy(TEST_SIMPLE), "not evaluated in the study"));
    }

    private static List<PaperFigure> none(String why) {
        return List.of(PaperFigure.notReported(accuracy(TEST), why),
                PaperFigure.notReported(accuracy(TEST_SIMPLE), "not evaluated in the study"));
    }
}
