package io.github.wbczoo.data;

import io.github.wbczoo.core.Paper;
import io.github.wbczoo.core.SplitPolicy;
import io.github.wbczoo.core.WbcClass;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Which images train, validate and test under one {@link SplitPolicy} and seed. Every part is
 * stratified by class, sorted by file name, and no file is in two parts. For
 * {@link SplitPolicy.Kind#POOLED} all 12,515 images (TEST_SIMPLE included) are pooled first,
 * which {@link #leaky()} reports: augmented copies of one cell can land in train and test.
 *
 * <p>Usage: {@code SplitPlan p = dataset.splits(SplitPolicy.validationFraction(0.2), 42); p.validation().size();}
 *
 * @param train       training images
 * @param validation  validation images
 * @param test        test images: the TEST folder, or the pooled test part
 * @param policy      the policy that made it
 * @param seed        the seed that made it
 * @param description one line for logs and reports
 */
public record SplitPlan(List<LabeledImage> train, List<LabeledImage> validation, List<LabeledImage> test,
                        SplitPolicy policy, long seed, String description) {

    private static final Comparator<LabeledImage> BY_NAME = Comparator.comparing(LabeledImage::relativeName);

    public SplitPlan {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(description, "description");
    }

    /** Whether augmented copies of one cell may be on both sides (true for the pooled split). */
    public boolean leaky() {
        return policy.leaky();
    }

    /**
     * At most {@code k} training images per class (a seeded random choice); validation shrinks in
     * proportion, test stays whole. {@code k = 0} means no limit.
     */
    public SplitPlan limitPerClass(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("limitPerClass must be 0 (no limit) or positive, got " + k);
        }
        if (k == 0) {
            return this;
        }
        Map<WbcClass, Integer> trainCounts = countByClass(train);
        Map<WbcClass, Integer> valCounts = countByClass(validation);
        // validation keeps its share of each class: as many as k is of the class's training images
        List<LabeledImage> newTrain = new ArrayList<>(PerClassSample.take(train, c -> k, seed, PerClassSample.TRAINING));
        List<LabeledImage> newVal = new ArrayList<>(PerClassSample.take(validation, c -> {
            int t = trainCounts.get(c);
            int v = valCounts.get(c);
            return t <= k ? v : v == 0 ? 0 : Math.max(1, (int) Math.round((double) v * k / t));
        }, seed, PerClassSample.VALIDATION));
        newTrain.sort(BY_NAME);
        newVal.sort(BY_NAME);
        String text = description + String.format(Locale.ROOT, "; limited to %d training images per class (train %d,"
                + " validation %d)", k, newTrain.size(), newVal.size());
        return new SplitPlan(newTrain, newVal, test, policy, seed, text);
    }

    /** Images per class of one part, in class order. */
    public static Map<WbcClass, Integer> countByClass(List<LabeledImage> images) {
        Map<WbcClass, Integer> counts = new EnumMap<>(WbcClass.class);
        for (WbcClass c : WbcClass.values()) {
            counts.put(c, 0);
        }
        images.forEach(i -> counts.merge(i.label(), 1, Integer::sum));
        return counts;
    }

    /** Splits the dataset's folders as {@code policy} says. */
    static SplitPlan of(Map<Split, List<LabeledImage>> folders, SplitPolicy policy, long seed) {
        List<LabeledImage> train = new ArrayList<>();
        List<LabeledImage> validation = new ArrayList<>();
        List<LabeledImage> test = new ArrayList<>();
        Map<WbcClass, List<LabeledImage>> trainBy = byClass(folders.get(Split.TRAIN));
        Map<WbcClass, Integer> testCounts = countByClass(folders.get(Split.TEST));
        String text;
        switch (policy.kind()) {
            case VALIDATION_FRACTION -> {
                for (WbcClass c : WbcClass.values()) {
                    List<LabeledImage> all = PerClassSample.shuffled(trainBy.get(c), seed, c.ordinal());
                    int nVal = (int) Math.round(policy.validationFraction() * all.size());
                    validation.addAll(all.subList(0, nVal));
                    train.addAll(all.subList(nVal, all.size()));
                }
                test.addAll(folders.get(Split.TEST));
                text = String.format(Locale.ROOT, "BCCD: train %d / validation %d (%s of TRAIN, stratified, seed %d)"
                        + " / test %d (TEST)", train.size(), validation.size(), percent(policy.validationFraction()), seed,
                        test.size());
            }
            case VALIDATION_AS_LARGE_AS_TEST -> {
                for (WbcClass c : WbcClass.values()) {
                    List<LabeledImage> all = PerClassSample.shuffled(trainBy.get(c), seed, c.ordinal());
                    int nVal = testCounts.get(c);
                    if (nVal >= all.size()) {
                        throw new IllegalArgumentException("TRAIN has " + all.size() + " " + c + " images, too few to draw"
                                + " a validation set as large as TEST's " + nVal);
                    }
                    validation.addAll(all.subList(0, nVal));
                    train.addAll(all.subList(nVal, all.size()));
                }
                test.addAll(folders.get(Split.TEST));
                text = String.format(Locale.ROOT, "BCCD: train %d / validation %d (from TRAIN, as many per class as TEST:"
                        + " " + Paper.CHEN_ZHU.name() + "'s 60:20:20, seed %d) / test %d (TEST)", train.size(), validation.size(), seed,
                        test.size());
            }
            case POOLED -> {
                List<LabeledImage> pooled = new ArrayList<>();
                folders.values().forEach(pooled::addAll);
                Map<WbcClass, List<LabeledImage>> pooledBy = byClass(pooled);
                for (WbcClass c : WbcClass.values()) {
                    List<LabeledImage> all = PerClassSample.shuffled(pooledBy.get(c), seed, c.ordinal());
                    int nTest = (int) Math.round(policy.testFraction() * all.size());
                    int nVal = (int) Math.round(policy.validationFraction() * all.size());
                    test.addAll(all.subList(0, nTest));
                    validation.addAll(all.subList(nTest, nTest + nVal));
                    train.addAll(all.subList(nTest + nVal, all.size()));
                }
                double trainFraction = 1 - policy.validationFraction() - policy.testFraction();
                text = String.format(Locale.ROOT, "BCCD pooled, LEAKY (augmented copies of one cell fall on both sides):"
                        + " train %d / validation %d / test %d of all %d images (%s:%s:%s, stratified, seed %d)",
                        train.size(), validation.size(), test.size(), pooled.size(), percentNumber(trainFraction),
                        percentNumber(policy.validationFraction()), percentNumber(policy.testFraction()), seed);
            }
            case VALIDATION_ON_TEST -> {
                train.addAll(folders.get(Split.TRAIN));
                validation.addAll(folders.get(Split.TEST));
                text = String.format(Locale.ROOT, "BCCD: train %d (all of TRAIN) / validation %d (the TEST folder) / no"
                        + " separate test set: TEST figures are validation figures", train.size(), validation.size());
            }
            default -> throw new IllegalArgumentException("Unknown split policy " + policy.kind());
        }
        train.sort(BY_NAME);
        validation.sort(BY_NAME);
        test.sort(BY_NAME);
        return new SplitPlan(train, validation, test, policy, seed, text);
    }

    private static Map<WbcClass, List<LabeledImage>> byClass(List<LabeledImage> images) {
        Map<WbcClass, List<LabeledImage>> by = new EnumMap<>(WbcClass.class);
        for (WbcClass c : WbcClass.values()) {
            by.put(c, new ArrayList<>());
        }
        images.forEach(i -> by.get(i.label()).add(i));
        return by;
    }

    private static String percent(double fraction) {
        return percentNumber(fraction) + "%";
    }

    private static String percentNumber(double fraction) {
        double p = fraction * 100;
        return p == Math.rint(p) ? Long.toString(Math.round(p)) : String.format(Locale.ROOT, "%.1f", p);
    }
}
