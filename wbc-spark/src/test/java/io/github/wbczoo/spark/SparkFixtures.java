package io.github.wbczoo.spark;

import io.github.wbczoo.core.ChannelLayout;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.WbcModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** A local Spark session, a small CNN model file and real BCCD images with planted bad files, for the Spark tests. */
final class SparkFixtures {
    static final Path BCCD = Path.of("../../shared/bccd/dataset2-master/images");

    private SparkFixtures() {
    }

    /** local[2] without UI and with few shuffle partitions: start-up in seconds, as a test class needs it. */
    static SparkSession session() {
        return SparkSession.builder().master("local[2]").appName("wbc-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
    }

    /**
     * An untrained two-convolution network at 40x30 with a fitted per-channel z-score, like a zoo
     * model's file: predictions only need some model that carries its preprocessing.
     */
    static Path smallCnn(Path dir) {
        return smallCnn(dir, io.github.wbczoo.core.ClassSet.BCCD);
    }

    /** The same network for another class set (its head one column per class). */
    static Path smallCnn(Path dir, io.github.wbczoo.core.ClassSet classes) {
        DataConfig config = new DataConfig(30, 40, 3, ChannelLayout.NCHW,
                Normalization.zScore(new float[] {160f, 140f, 170f}, new float[] {40f, 45f, 35f}));
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(8).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(8).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes.size()).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(30, 40, 3)).build());
        net.init();
        Path file = dir.resolve("small-cnn-" + classes.size() + ".wbc");
        WbcModel.of("smallCnn", net, config, classes).save(file);
        return file;
    }

    /** The first {@code perClass} files (by name) of each class folder of a BCCD split. */
    static List<Path> realImages(String split, int perClass) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> classes = Files.list(BCCD.resolve(split))) {
            for (Path c : classes.sorted().toList()) {
                try (Stream<Path> files = Files.list(c)) {
                    files.sorted().limit(perClass).forEach(out::add);
                }
            }
        }
        return out;
    }

    /** Copies images into {@code dir/CLASS/name} (sub-folders, so listing must recurse). */
    static List<Path> copyInto(Path dir, List<Path> images) throws IOException {
        List<Path> copies = new ArrayList<>();
        for (Path p : images) {
            Path target = dir.resolve(p.getParent().getFileName().toString()).resolve(p.getFileName().toString());
            Files.createDirectories(target.getParent());
            copies.add(Files.copy(p, target));
        }
        return copies;
    }

    /** Bad files next to the good ones: empty, not an image, a truncated JPEG; all named like images. */
    static List<Path> plantBadFiles(Path dir, Path goodJpeg) throws IOException {
        Path bad = Files.createDirectories(dir.resolve("bad"));
        byte[] jpeg = Files.readAllBytes(goodJpeg);
        return List.of(
                Files.write(bad.resolve("empty.jpeg"), new byte[0]),
                Files.writeString(bad.resolve("text.jpg"), "not a jpeg"),
                Files.write(bad.resolve("truncated.jpeg"), java.util.Arrays.copyOf(jpeg, jpeg.length / 2)),
                Files.writeString(bad.resolve("fake.PNG"), "GIF89a, not a png"));
    }
}
