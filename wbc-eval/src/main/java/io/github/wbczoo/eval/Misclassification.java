package io.github.wbczoo.eval;

import io.github.wbczoo.core.CellClass;
import java.nio.file.Path;

/**
 * One image the model got wrong: which image, what it is, what the model called it and with which
 * probabilities. Reports list them most confident first: confident mistakes are the ones to look at
 * (a mislabelled image, or a cell type the model has learned wrongly).
 *
 * <p>Usage: {@code for (Misclassification m : split.misclassified()) System.out.println(m.path() + " " + m.predicted());}
 *
 * @param index         the image's row in the split's predictions
 * @param path          the image file, or null when unknown
 * @param actual        the true class
 * @param predicted     the class the model ranked first
 * @param probabilities the model's probabilities, in {@link CellClass} order
 */
public record Misclassification(int index, Path path, CellClass actual, CellClass predicted, double[] probabilities) {

    public Misclassification {
        probabilities = probabilities.clone();
    }

    @Override
    public double[] probabilities() {
        return probabilities.clone();
    }

    /** The probability of the (wrong) predicted class. */
    public double confidence() {
        return probabilities[predicted.index()];
    }

    /** The probability the model gave the true class. */
    public double trueClassProbability() {
        return probabilities[actual.index()];
    }

    /** The file name when known, else {@code #index}. */
    public String label() {
        return path == null ? "#" + index : path.getFileName().toString();
    }
}
