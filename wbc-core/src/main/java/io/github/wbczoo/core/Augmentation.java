package io.github.wbczoo.core;

import java.util.Objects;

/**
 * Random training-time image changes with Keras {@code ImageDataGenerator} semantics. Applied to
 * training batches only, fresh every epoch; validation and test images are never augmented.
 *
 * <p>Usage: {@code Augmentation a = Augmentation.NONE.withRotation(10).withShift(0.1, 0.1).withHorizontalFlip(true);}
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
}
