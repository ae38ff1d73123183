package io.github.wbczoo.core;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * Anything that tells cell classes from decoded images, with its own preprocessing inside: one
 * trained model ({@link WbcModel}) or several together ({@link WbcEnsemble}).
 *
 * <p>Usage: {@code ImageClassifier c = WbcModel.load(file); List<Prediction> p = c.predict(images);}
 */
public interface ImageClassifier {
    /** The classes of the probabilities, in their order. */
    ClassSet classes();

    /** Predicts several images of any size in one batch. */
    List<Prediction> predict(List<BufferedImage> images);

    /**
     * Predicts one image of any size: resized and normalised exactly as in training. For files,
     * use {@link #predict(Path)} or {@link ImageDecoder#read}: plain {@code ImageIO.read} pads
     * truncated JPEGs with grey and reads CMYK JPEGs only when a suitable reader happens to be present.
     */
    default Prediction predict(BufferedImage image) {
        return predict(List.of(image)).get(0);
    }

    /**
     * Predicts an image file (JPEG, including CMYK, PNG or BMP), decoded by {@link ImageDecoder}
     * exactly as the training data was.
     *
     * @throws BadImageException when the file cannot be read or is not a usable image (truncated, corrupt, empty)
     */
    default Prediction predict(Path imageFile) {
        return predict(ImageDecoder.read(imageFile.toAbsolutePath()));
    }
}
