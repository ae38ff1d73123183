package io.github.wbczoo.eval;

import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ChannelLayout;
import io.github.wbczoo.core.ClassSet;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.EpochRecord;
import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.WbcModel;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Realistic reports for checking the page's layout in a browser (scripts/check-report-layout.sh)
 * and its HTML in {@code HtmlReportTest}: synthetic predictions on JPEG files at BCCD-like paths,
 * a model with a fitted z-score normalisation and the split note wbc-data writes, and either a
 * 12-epoch history with a learning-rate step or a single epoch.
 *
 * <p>Usage: {@code Path html = SampleReports.write(Path.of("target/sample-reports"), SampleReports.Kind.MULTI_EPOCH);}
 * or run {@code main} with an output folder.
 */
final class SampleReports {
    /** The two shapes of report the layout check covers. */
    enum Kind {
        /** 12 epochs, learning rate stepped down at epoch 8, TEST far above TEST_SIMPLE (Chen & Zhu's pattern). */
        MULTI_EPOCH("multi-epoch"),
        /** One epoch at one learning rate, a leaky pooled split, TEST_SIMPLE above TEST. */
        ONE_EPOCH("one-epoch");

        final String folder;

        Kind(String folder) {
            this.folder = folder;
        }
    }

    /** The split note wbc-data writes for Chen & Zhu's split limited to 150 images per class (before the size and normalisation). */
    static final String CHEN_ZHU_LIMITED = "BCCD: train 7470 / validation 2487 (from TRAIN, as many per class as TEST:"
            + " Chen & Zhu's 60:20:20, seed 42) / test 2487 (TEST); limited to 150 training images per class (train 600,"
            + " validation 200)";
    static final String POOLED = "BCCD pooled, LEAKY (augmented copies of one cell fall on both sides): train 10012 /"
            + " validation 1251 / test 1252 of all 12515 images (80:10:10, stratified, seed 42)";
    static final String AUGMENTATION = "rotation up to 20 degrees, shifts up to 0.20 x width, 0.20 x height, horizontal"
            + " flips, fill nearest";
    static final Normalization Z_SCORE = Normalization.zScore(new float[] {193.45912f, 180.21765f, 166.01234f},
            new float[] {30.118f, 41.5023f, 12.0476f});
    static final String IMAGES = "work/shared/bccd/dataset2-master/dataset2-master/images";

    private SampleReports() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/sample-reports");
        for (Kind k : Kind.values()) {
            System.out.println(write(dir, k));
        }
    }

    /** Writes report.html, report.md, report.json and charts into {@code dir/<kind>/} and returns the HTML file. */
    static Path write(Path dir, Kind kind) {
        EvaluationReport report = report(dir.resolve("images"), kind);
        return report.writeTo(dir.resolve(kind.folder)).html();
    }

    /** The report of {@code kind}; its image files are written under {@code imageRoot}. */
    static EvaluationReport report(Path imageRoot, Kind kind) {
        Evaluator evaluator = new Evaluator(EvaluationSettings.defaults().withResamples(200));
        WbcModel model = model(kind);
        boolean multi = kind == Kind.MULTI_EPOCH;
        SplitEvaluation test = evaluator.evaluate("TEST", withPaths(
                Fixtures.random(600, 11, multi ? 2.6 : 0.4), imageRoot, "TEST", 11));
        SplitEvaluation simple = evaluator.evaluate("TEST_SIMPLE", withPaths(
                Fixtures.random(71, 12, multi ? 0.1 : 2.4, Fixtures.TEST_SIMPLE_SHARES), imageRoot, "TEST_SIMPLE", 12));
        return Evaluator.reportOf(model).split(test).split(simple).build();
    }

    private static WbcModel model(Kind kind) {
        DataConfig config = new DataConfig(60, 80, 3, ChannelLayout.FLAT, Z_SCORE);
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(config.valuesPerImage())
                        .nOut(ClassSet.BCCD.size()).activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        WbcModel model = WbcModel.of("resNet18", net, config);
        String preprocessing = config.sizeLabel() + " " + config.normalization();
        if (kind == Kind.MULTI_EPOCH) {
            model.recordTrainingSplit(CHEN_ZHU_LIMITED + "; " + preprocessing + "; augmented: " + AUGMENTATION, false);
            Fixtures.history().epochs().forEach(model.history()::add);
        } else {
            model.recordTrainingSplit(POOLED + "; " + preprocessing, true);
            // the loss of a model that has learnt nothing yet: ln 4, printed with all its digits before the fix
            model.history().add(new EpochRecord(1, 1.388715811570485, 0.2617, 1.3862943611198906, 0.25, 1e-4, 210, 42));
        }
        model.notes().put("weights", "trained from scratch");
        return model;
    }

    /** The same predictions on JPEG files at BCCD-like paths, e.g. {@code .../images/TEST/NEUTROPHIL/_0_1234.jpeg}. */
    static Predictions withPaths(Predictions p, Path imageRoot, String split, long seed) {
        Random r = new Random(seed);
        int[] truth = p.trueClassIndices();
        double[][] rows = new double[p.size()][];
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < p.size(); i++) {
            rows[i] = p.probabilities(i);
            CellClass c = ClassSet.BCCD.get(truth[i]);
            Path file = imageRoot.toAbsolutePath().resolve(IMAGES).resolve(split).resolve(c.name())
                    .resolve("_" + (i % 12) + "_" + (1000 + r.nextInt(9000)) + ".jpeg");
            paths.add(file);
        }
        for (Path file : paths.stream().distinct().toList()) {
            cellImage(file, r);
        }
        return Predictions.of(truth, rows, paths);
    }

    // A pink field with a purple nucleus: enough to see the thumbnails in a screenshot.
    private static void cellImage(Path file, Random r) {
        BufferedImage img = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(0xF2, 0xC6, 0xD4));
            g.fillRect(0, 0, 160, 120);
            g.setColor(new Color(0x6A, 0x3D, 0x9A));
            g.fillOval(50 + r.nextInt(30), 30 + r.nextInt(20), 40 + r.nextInt(20), 35 + r.nextInt(15));
        } finally {
            g.dispose();
        }
        try {
            Files.createDirectories(file.getParent());
            ImageIO.write(img, "jpg", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
