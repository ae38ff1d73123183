package io.github.wbczoo.models;

import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ClassSet;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A handful of real BCCD images for tests, read straight from {@code ../shared/bccd} with ImageIO
 * and the core's resizer and tensor layout (wbc-models must not depend on wbc-data). Images are
 * taken in file-name order, classes interleaved, so every run sees the same ones.
 *
 * <p>Usage: {@code DataSet d = BccdImages.dataSet("TRAIN", 2, model.dataConfig());}
 */
final class BccdImages {
    /** Relative to the module directory, where Maven runs the tests. */
    static final Path ROOT = Path.of("../../shared/bccd/dataset2-master/images");

    private static final Map<Path, BufferedImage> DECODED = new ConcurrentHashMap<>();

    private BccdImages() {
    }

    /** One image with its class. */
    record Labelled(BufferedImage image, CellClass label) {
    }

    /** The first {@code perClass} decodable images of each class of a split, interleaved by class. */
    static List<Labelled> images(String split, int perClass, int skip) {
        List<List<Labelled>> byClass = new ArrayList<>();
        for (CellClass c : ClassSet.BCCD.classes()) {
            Path dir = ROOT.resolve(split).resolve(c.name());
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException("No BCCD images at " + dir.toAbsolutePath()
                        + ": the tests need ../shared/bccd beside the repository");
            }
            List<Labelled> found = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".jpeg")).sorted().skip(skip).limit(perClass + 5L).toList()) {
                    BufferedImage img = decode(f);
                    if (img != null && found.size() < perClass) {
                        found.add(new Labelled(img, c));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (found.size() < perClass) {
                throw new IllegalStateException("Only " + found.size() + " decodable images in " + dir);
            }
            byClass.add(found);
        }
        List<Labelled> out = new ArrayList<>();
        for (int i = 0; i < perClass; i++) {
            for (List<Labelled> c : byClass) {
                out.add(c.get(i));
            }
        }
        return out;
    }

    /**
     * A batch in the config's size, layout and normalisation; statistics-based normalisations are
     * first fitted on these very images (see {@link #fitted}).
     */
    static DataSet dataSet(String split, int perClass, DataConfig config) {
        return dataSet(images(split, perClass, 0), fitted(config, images(split, perClass, 0)));
    }

    static DataSet dataSet(List<Labelled> images, DataConfig config) {
        List<float[]> pixels = new ArrayList<>();
        INDArray labels = Nd4j.zeros(DataType.FLOAT, images.size(), ClassSet.BCCD.size());
        for (int i = 0; i < images.size(); i++) {
            pixels.add(ImageResizer.resizeRgb(images.get(i).image(), config.height(), config.width()));
            labels.putScalar(i, images.get(i).label().index(), 1f);
        }
        return new DataSet(InputTensors.batch(pixels, config), labels);
    }

    /** The config with per-channel mean and standard deviation (0-255 scale) of the images filled in, when it needs them. */
    static DataConfig fitted(DataConfig config, List<Labelled> images) {
        if (!config.normalization().needsStatistics()) {
            return config;
        }
        double[] sum = new double[3];
        double[] sumSq = new double[3];
        long n = 0;
        for (Labelled l : images) {
            float[] px = ImageResizer.resizeRgb(l.image(), config.height(), config.width());
            for (int i = 0; i < px.length; i++) {
                sum[i % 3] += px[i];
                sumSq[i % 3] += (double) px[i] * px[i];
            }
            n += px.length / 3;
        }
        float[] mean = new float[3];
        float[] std = new float[3];
        for (int c = 0; c < 3; c++) {
            double m = sum[c] / n;
            mean[c] = (float) m;
            std[c] = (float) Math.sqrt(Math.max(sumSq[c] / n - m * m, 1e-6));
        }
        return config.withNormalization(config.normalization().fitted(mean, std));
    }

    private static BufferedImage decode(Path file) {
        return DECODED.computeIfAbsent(file.toAbsolutePath().normalize(), f -> {
            try {
                return ImageIO.read(f.toFile());
            } catch (IOException e) {
                return null;
            }
        });
    }
}
