package io.github.wbczoo.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Random training-time image changes with Keras {@code ImageDataGenerator} semantics. Applied to
 * training batches only, fresh every epoch; validation and test images are never augmented.
 *
 * <p>Usage: {@code Augmentation a = Augmentation.NONE.withRotation(10).withShift(0.1, 0.1).withHorizontalFlip(true);}
 * or {@code Augmentation.preset("inceptionParaB")}. The data module applies it
 * ({@code io.github.wbczoo.data.Augmenter}).
 *
 * @param rotationDegrees random rotation in [-r, r] degrees
 * @param widthShift      random horizontal shift up to this fraction of the width
 * @param heightShift     random vertical shift up to this fraction of the height
 * @param horizontalFlip  flip left-right with probability 0.5
 * @param verticalFlip    flip top-bottom with probability 0.5
 * @param fillMode        how pixels moved in from outside the image are filled
 */
public record Augmentation(double rotationDegrees, double widthShift, double heightShift,
                           boolean horizontalFlip, boolean verticalFlip, FillMode fillMode) {

    /** Keras fill modes for pixels that come from outside the image. */
    public enum FillMode {
        /** Repeat the nearest edge pixel (Keras default). */
        NEAREST,
        /** Fill with zeros (black). */
        CONSTANT,
        /** Mirror the image at its edge. */
        REFLECT
    }

    /** No augmentation. */
    public static final Augmentation NONE = new Augmentation(0, 0, 0, false, false, FillMode.NEAREST);

    public Augmentation {
        if (rotationDegrees < 0 || rotationDegrees > 180) {
            throw new IllegalArgumentException("rotationDegrees must be in [0, 180], got " + rotationDegrees);
        }
        if (widthShift < 0 || widthShift >= 1 || heightShift < 0 || heightShift >= 1) {
            throw new IllegalArgumentException("shift fractions must be in [0, 1), got width " + widthShift
                    + ", height " + heightShift);
        }
        Objects.requireNonNull(fillMode, "fillMode");
    }

    /** The Keras recipe of the Inception family (Chen & Zhu): 10 degrees, 10% shifts, horizontal flips. */
    public static Augmentation kerasInception() {
        return NONE.withRotation(10).withShift(0.1, 0.1).withHorizontalFlip(true);
    }

    /**
     * The named augmentations: {@code none} and {@code kerasInception}. Only the Inception family's
     * Keras recipe augments; the other papers train on the already augmented TRAIN folder as it is.
     * Models are not listed here: each model's recipe in the registry says which one it uses, so a
     * hand-kept copy cannot drift from it (it did: 30 of 40 model names were missing).
     */
    public static Map<String, Augmentation> presets() {
        Map<String, Augmentation> p = new LinkedHashMap<>();
        p.put("none", NONE);
        p.put("kerasInception", kerasInception());
        return Collections.unmodifiableMap(p);
    }

    /**
     * A named augmentation, case-insensitively ({@code "kerasinception"}, {@code "none"}); fails
     * listing the names. A model's augmentation is its recipe's ({@code WbcModels.create(name).recipe()}).
     */
    public static Augmentation preset(String name) {
        String wanted = name == null ? "" : name.trim();
        for (Map.Entry<String, Augmentation> e : presets().entrySet()) {
            if (e.getKey().equalsIgnoreCase(wanted)) {
                return e.getValue();
            }
        }
        throw new IllegalArgumentException("Unknown augmentation recipe '" + name + "'; expected one of "
                + String.join(", ", presets().keySet()));
    }

    public Augmentation withRotation(double degrees) {
        return new Augmentation(degrees, widthShift, heightShift, horizontalFlip, verticalFlip, fillMode);
    }

    public Augmentation withShift(double width, double height) {
        return new Augmentation(rotationDegrees, width, height, horizontalFlip, verticalFlip, fillMode);
    }

    public Augmentation withHorizontalFlip(boolean flip) {
        return new Augmentation(rotationDegrees, widthShift, heightShift, flip, verticalFlip, fillMode);
    }

    public Augmentation withVerticalFlip(boolean flip) {
        return new Augmentation(rotationDegrees, widthShift, heightShift, horizontalFlip, flip, fillMode);
    }

    public Augmentation withFillMode(FillMode mode) {
        return new Augmentation(rotationDegrees, widthShift, heightShift, horizontalFlip, verticalFlip, mode);
    }

    /** Whether this changes images at all. */
    public boolean isIdentity() {
        return rotationDegrees == 0 && widthShift == 0 && heightShift == 0 && !horizontalFlip && !verticalFlip;
    }

    /** One line for logs and reports, e.g. {@code rotation up to 10 degrees, shifts up to 0.10 x width, 0.10 x height, horizontal flips, fill nearest}. */
    public String summary() {
        if (isIdentity()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        if (rotationDegrees > 0) {
            parts.add(String.format(Locale.ROOT, "rotation up to %s degrees", trim(rotationDegrees)));
        }
        if (widthShift > 0 || heightShift > 0) {
            parts.add(String.format(Locale.ROOT, "shifts up to %.2f x width, %.2f x height", widthShift, heightShift));
        }
        if (horizontalFlip) {
            parts.add("horizontal flips");
        }
        if (verticalFlip) {
            parts.add("vertical flips");
        }
        parts.add("fill " + fillMode.name().toLowerCase(Locale.ROOT));
        return String.join(", ", parts);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString(Math.round(v)) : Double.toString(v);
    }
}
