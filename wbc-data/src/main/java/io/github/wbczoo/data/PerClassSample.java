package io.github.wbczoo.data;

import io.github.wbczoo.core.CellClass;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.ToIntFunction;

/**
 * The one way the project picks "at most k images per class" (quick training runs, a proportional
 * validation part, smoke-test evaluations): a seeded random choice within each class, made on the
 * name-sorted images so the same seed always picks the same files whatever order they came in,
 * returned in the order given.
 *
 * <p>Usage: {@code List<LabeledImage> few = PerClassSample.atMost(images, 50, seed, PerClassSample.TRAINING);}
 */
public final class PerClassSample {
    /** Streams keep the choices for different purposes independent under one seed. */
    public static final int TRAINING = 100;
    public static final int VALIDATION = 200;
    public static final int TEST = 300;

    private static final Comparator<LabeledImage> BY_NAME = Comparator.comparing(LabeledImage::relativeName);

    private PerClassSample() {
    }

    /**
     * At most {@code k} images of each class; {@code k = 0} keeps all.
     *
     * @param stream which independent choice under the seed ({@link #TRAINING}, {@link #VALIDATION}, {@link #TEST})
     */
    public static List<LabeledImage> atMost(List<LabeledImage> images, int k, long seed, int stream) {
        if (k < 0) {
            throw new IllegalArgumentException("limitPerClass must be 0 (no limit) or positive, got " + k);
        }
        return k == 0 ? List.copyOf(images) : take(images, c -> k, seed, stream);
    }

    /** At most {@code count(c)} images of each class {@code c}. */
    static List<LabeledImage> take(List<LabeledImage> images, ToIntFunction<CellClass> count, long seed, int stream) {
        Set<LabeledImage> kept = new HashSet<>();
        for (CellClass c : SplitPlan.classesOf(images)) {
            List<LabeledImage> ofClass = images.stream().filter(i -> i.label().equals(c)).toList();
            List<LabeledImage> order = shuffled(ofClass, seed, stream + c.index());
            kept.addAll(order.subList(0, Math.min(count.applyAsInt(c), order.size())));
        }
        return images.stream().filter(kept::contains).toList();
    }

    /** A seeded shuffle of a name-sorted copy: the same seed always gives the same order. */
    static List<LabeledImage> shuffled(List<LabeledImage> images, long seed, int stream) {
        List<LabeledImage> copy = new ArrayList<>(images);
        copy.sort(BY_NAME);
        SplittableRandom rng = Augmenter.randomFor(seed, -1 - stream, 0);
        for (int i = copy.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            LabeledImage tmp = copy.get(i);
            copy.set(i, copy.get(j));
            copy.set(j, tmp);
        }
        return copy;
    }
}
