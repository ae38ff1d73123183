package io.github.wbczoo.core;

import java.util.Locale;
import java.util.StringJoiner;

/**
 * A model's answer for one image.
 *
 * <p>Usage: {@code Prediction p = model.predict(image); System.out.println(p.predicted() + " " + p.confidence());}
 *
 * @param predicted     the most probable class
 * @param probabilities one probability per class, in {@link WbcClass} order
 */
public record Prediction(WbcClass predicted, float[] probabilities) {

    public Prediction {
        if (probabilities.length != WbcClass.COUNT) {
            throw new IllegalArgumentException("Expected " + WbcClass.COUNT + " probabilities, got " + probabilities.length);
        }
        probabilities = probabilities.clone();
    }

    /** Builds a prediction from one row of class probabilities. */
    public static Prediction of(float[] probabilities) {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return new Prediction(WbcClass.ofIndex(best), probabilities);
    }

    @Override
    public float[] probabilities() {
        return probabilities.clone();
    }

    public float probability(WbcClass c) {
        return probabilities[c.index()];
    }

    /** Probability of the predicted class. */
    public float confidence() {
        return probabilities[predicted.index()];
    }

    /** The class, then every probability in {@link WbcClass} order: {@code NEUTROPHIL (EOSINOPHIL 0.012, ..., NEUTROPHIL 0.912)}. */
    @Override
    public String toString() {
        StringJoiner all = new StringJoiner(", ", predicted + " (", ")");
        for (WbcClass c : WbcClass.values()) {
            all.add(String.format(Locale.ROOT, "%s %.3f", c, probabilities[c.index()]));
        }
        return all.toString();
    }
}
