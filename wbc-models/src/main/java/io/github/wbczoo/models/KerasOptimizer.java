package io.github.wbczoo.models;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The three optimisers of the optimisation study, with the learning rates it used and
 * Keras' other defaults (DL4J's differ: its Adam epsilon is 1e-8 and its RMSProp decay 0.95, where
 * Keras uses epsilon 1e-7 and rho 0.9).
 *
 * <p>Usage: {@code WbcModels.basicCnn(1).optimizer(KerasOptimizer.forName("rmsprop"))}
 */
public enum KerasOptimizer {
    /** Plain stochastic gradient descent, learning rate 0.01 (Keras {@code SGD()} default). */
    SGD("sgd"),
    /** RMSProp, learning rate 0.001, rho 0.9, epsilon 1e-7. */
    RMSPROP("rmsprop"),
    /** Adam, learning rate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7. */
    ADAM("adam");

    /** Keras' epsilon for Adam and RMSProp. */
    static final double KERAS_EPSILON = 1e-7;

    private final String kerasName;

    KerasOptimizer(String kerasName) {
        this.kerasName = kerasName;
    }

    /** The name Keras' {@code model.compile(optimizer=...)} accepts, e.g. {@code rmsprop}. */
    public String kerasName() {
        return kerasName;
    }

    /** A fresh updater with the study's learning rate. */
    public IUpdater create() {
        return switch (this) {
            case SGD -> new Sgd(0.01);
            case RMSPROP -> new RmsProp(0.001, 0.9, KERAS_EPSILON);
            case ADAM -> kerasAdam(0.001);
        };
    }

    /** Keras' Adam at a given learning rate (the other Keras recipes use it too). */
    static Adam kerasAdam(double learningRate) {
        return new Adam(learningRate, 0.9, 0.999, KERAS_EPSILON);
    }

    /** Parses a Keras optimiser name case-insensitively; fails listing the valid names. */
    public static KerasOptimizer forName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (KerasOptimizer o : values()) {
            if (o.kerasName.equals(wanted) || o.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return o;
            }
        }
        throw new IllegalArgumentException("Unknown optimizer '" + name + "'; valid names: "
                + Arrays.stream(values()).map(KerasOptimizer::kerasName).collect(Collectors.joining(", ")));
    }
}
