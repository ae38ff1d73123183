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

    /** Predicts an image file, decoded by {@link ImageDecoder}. */
    Prediction predict(Path imageFile);
}
