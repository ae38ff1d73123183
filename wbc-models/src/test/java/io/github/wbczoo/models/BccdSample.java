package io.github.wbczoo.models;

import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ClassSet;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.ImageResizer;
import io.github.wbczoo.core.InputTensors;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A few real BCCD training images as a model-ready batch, read directly (wbc-models must not
 * depend on wbc-data): ImageIO, the core resizer and {@link InputTensors}, so the pixels reach the
 * network exactly as in training.
 *
 * <p>Usage: {@code DataSet batch = BccdSample.batch(model.dataConfig(), 1);} // one image per class
 */
final class BccdSample {
    /** The shared BCCD copy, relative to the module directory (where surefire runs). */
    static final Path TRAIN = Path.of("../../shared/bccd/dataset2-master/images/TRAIN");

    private BccdSample() {
    }

    /** The first {@code perClass} images (by file name) of each class, preprocessed for {@code config}, one-hot labels. */
    static DataSet batch(DataConfig config, int perClass) {
        assertThat(TRAIN).as("BCCD training images (shared data set)").isDirectory();
        List<float[]> pixels = new ArrayList<>();
        List<CellClass> classes = new ArrayList<>();
        for (CellClass c : ClassSet.BCCD.classes()) {
            for (Path file : firstImages(TRAIN.resolve(c.name()), perClass)) {
                pixels.add(ImageResizer.resizeRgb(read(file), config.height(), config.width()));
                classes.add(c);
            }
        }
        INDArray labels = Nd4j.zeros(DataType.FLOAT, classes.size(), ClassSet.BCCD.size());
        for (int i = 0; i < classes.size(); i++) {
            labels.putScalar(i, classes.get(i).index(), 1f);
        }
        return new DataSet(InputTensors.batch(pixels, config), labels);
    }

    private static List<Path> firstImages(Path dir, int n) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> out = files.filter(p -> p.getFileName().toString().endsWith(".jpeg")).sorted().limit(n).toList();
            assertThat(out).as("images in " + dir).hasSize(n);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage read(Path file) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            assertThat(img).as("decoded " + file).isNotNull();
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
