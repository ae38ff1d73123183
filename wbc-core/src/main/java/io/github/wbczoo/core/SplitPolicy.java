package io.github.wbczoo.core;

/**
 * How training and validation images are drawn, as each paper did it. All splits are stratified
 * by class and seeded. Where the images' groups are known (BCCD's source cells from the bundled
 * audit, a manifest's patient or slide column), validation drawn from TRAIN takes whole groups, so
 * no cell is on both sides; {@link #byImage()} is the papers' own protocol, drawing images one by
 * one, and is flagged leaky.
 *
 * <p>Usage: {@code SplitPolicy.validationFraction(0.2)} (the Keras recipes),
 * {@code SplitPolicy.validationAsLargeAsTest()} (Chen & Zhu's 60:20:20),
 * {@code SplitPolicy.pooled(0.8, 0.1, 0.1)} (Rao; leaky), {@code SplitPolicy.validationOnTest()} (Sarkar; no test set),
 * {@code SplitPolicy.validationFraction(0.2).byImage()} (the papers' image-level draw; leaky).
 *
 * @param kind               which scheme
 * @param validationFraction for {@link Kind#VALIDATION_FRACTION} and {@link Kind#POOLED}: the validation share
 * @param testFraction       for {@link Kind#POOLED}: the test share (the rest is training)
 * @param imageLevel         draw validation image by image even where groups are known (the papers' protocol; leaky)
 */
public record SplitPolicy(Kind kind, double validationFraction, double testFraction, boolean imageLevel) {

    /** The split schemes of the five papers. */
    public enum Kind {
        /** Validation is a stratified fraction of TRAIN; TEST and TEST_SIMPLE stay the test sets. */
        VALIDATION_FRACTION,
        /** Validation is drawn from TRAIN with as many images per class as TEST has (60:20:20). */
        VALIDATION_AS_LARGE_AS_TEST,
        /** All images of all splits pooled, then split at random: augmented copies of one cell leak across splits. */
        POOLED,
        /**
         * All of TRAIN trains and the TEST folder validates (Sarkar et al., the optimisation study): there
         * is no separate test set, and TEST figures are validation figures (best weights were chosen on them).
         */
        VALIDATION_ON_TEST
    }

    public SplitPolicy {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        if (validationFraction < 0 || testFraction < 0 || validationFraction + testFraction >= 1) {
            throw new IllegalArgumentException("Fractions must be non-negative and leave room for training, got validation "
                    + validationFraction + ", test " + testFraction);
        }
        if (kind != Kind.VALIDATION_AS_LARGE_AS_TEST && kind != Kind.VALIDATION_ON_TEST && validationFraction == 0) {
            throw new IllegalArgumentException("A validation fraction of 0 leaves nothing to validate on");
        }
    }

    /** A policy that draws by group where groups are known. */
    public SplitPolicy(Kind kind, double validationFraction, double testFraction) {
        this(kind, validationFraction, testFraction, false);
    }

    public static SplitPolicy validationFraction(double fraction) {
        return new SplitPolicy(Kind.VALIDATION_FRACTION, fraction, 0);
    }

    public static SplitPolicy validationAsLargeAsTest() {
        return new SplitPolicy(Kind.VALIDATION_AS_LARGE_AS_TEST, 0, 0);
    }

    /**
     * The same split drawn image by image, as the papers did, even where the images' source cells
     * are known: copies of one cell then land on both sides, so it is leaky (logs, the model file and
     * every report say so). For comparing with the papers' figures only.
     */
    public SplitPolicy byImage() {
        if (kind == Kind.POOLED || kind == Kind.VALIDATION_ON_TEST) {
            throw new IllegalArgumentException(kind + " does not draw validation from TRAIN: byImage() has nothing to change");
        }
        return new SplitPolicy(kind, validationFraction, testFraction, true);
    }

    /** Train on all of TRAIN, validate on the TEST folder: no separate test set (Sarkar et al., the optimisation study). */
    public static SplitPolicy validationOnTest() {
        return new SplitPolicy(Kind.VALIDATION_ON_TEST, 0, 0);
    }

    public static SplitPolicy pooled(double train, double validation, double test) {
        if (Math.abs(train + validation + test - 1.0) > 1e-9) {
            throw new IllegalArgumentException("Pooled split fractions must sum to 1, got " + train + " + " + validation
                    + " + " + test);
        }
        return new SplitPolicy(Kind.POOLED, validation, test);
    }

    /** Whether the TEST folder is the validation set, so there is no held-out test (reports must say so). */
    public boolean validatesOnTest() {
        return kind == Kind.VALIDATION_ON_TEST;
    }

    /** Whether augmented copies of one cell can land on both sides of the split (reports must say so). */
    public boolean leaky() {
        return kind == Kind.POOLED || imageLevel;
    }
}
