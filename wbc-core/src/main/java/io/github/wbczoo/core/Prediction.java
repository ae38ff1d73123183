package io.github.wbczoo.core;

import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * A model's answer for one image, in the model's own classes.
 *
 * <p>Usage: {@code Prediction p = model.predict(image); System.out.println(p.predicted() + " " + p.confidence());}
 *
 * @param predicted     the most probable class
 * @param probabilities one probability per class, in the class set's order
 * @param classes       the model's classes
 */
public record Prediction(CellClass predicted, float[] probabilities, ClassSet classes) {

    public Prediction {
        Objects.requireNonNull(predicted, "predicted");
        Objects.requireNonNull(classes, "classes");
        if (probabilities.length != classes.size()) {
            throw new IllegalArgumentException("Expected " + classes.size() + " probabilities (classes " + classes + "), got "
                    + probabilities.length);
        }
        if (!classes.get(predicted.index()).equals(predicted)) {
            throw new IllegalArgumentException(predicted + " is not one of the classes " + classes);
        }
        probabilities = probabilities.clone();
    }

    /** Builds a prediction from one row of class probabilities. */
    public static Prediction of(float[] probabilities, ClassSet classes) {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return new Prediction(classes.get(best), probabilities, classes);
    }

    @Override
    public float[] probabilities() {
        return probabilities.clone();
    }

    public float probability(CellClass c) {
        return probabilities[classes.get(c.name()).index()];
    }

    /** The probability of a class by name (ignoring case); fails listing the model's classes. */
    public float probability(String className) {
        return probabilities[classes.get(className).index()];
    }

    /** Probability of the predicted class. */
    public float confidence() {
        return probabilities[predicted.index()];
    }

    /** The class, then every probability in class order: {@code NEUTROPHIL (EOSINOPHIL 0.012, ..., NEUTROPHIL 0.912)}. */
    @Override
    public String toString() {
        StringJoiner all = new StringJoiner(", ", predicted + " (", ")");
        for (CellClass c : classes.classes()) {
            all.add(String.format(Locale.ROOT, "%s %.3f", c, probabilities[c.index()]));
        }
        return all.toString();
    }
}
