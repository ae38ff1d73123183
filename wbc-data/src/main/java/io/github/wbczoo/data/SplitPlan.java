package io.github.wbczoo.data;

import io.github.wbczoo.core.Paper;
import io.github.wbczoo.core.SplitPolicy;
import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ClassSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
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
        Map<CellClass, Integer> trainCounts = countByClass(train);
        Map<CellClass, Integer> valCounts = countByClass(validation);
        // validation keeps its share of each class: as many as k is of the class's training images
        List<LabeledImage> newTrain = new ArrayList<>(PerClassSample.take(train, c -> k, seed, PerClassSample.TRAINING));
        List<LabeledImage> newVal = new ArrayList<>(PerClassSample.take(validation, c -> {
            int t = trainCounts.getOrDefault(c, 0);
            int v = valCounts.getOrDefault(c, 0);
            return t <= k ? v : v == 0 ? 0 : Math.max(1, (int) Math.round((double) v * k / t));
        }, seed, PerClassSample.VALIDATION));
        newTrain.sort(BY_NAME);
        newVal.sort(BY_NAME);
        String text = description + String.format(Locale.ROOT, "; limited to %d training images per class (train %d,"
                + " validation %d)", k, newTrain.size(), newVal.size());
        return new SplitPlan(newTrain, newVal, test, policy, seed, text);
    }

    /** Images per class of one part, in class order. */
    public static Map<CellClass, Integer> countByClass(List<LabeledImage> images) {
        Map<CellClass, Integer> counts = new LinkedHashMap<>();
        for (CellClass c : classesOf(images)) {
            counts.put(c, 0);
        }
        images.forEach(i -> counts.merge(i.label(), 1, Integer::sum));
        return counts;
    }

    /** Images per class of one part, with a zero for every class of {@code classes} it lacks, in class order. */
    public static Map<CellClass, Integer> countByClass(List<LabeledImage> images, ClassSet classes) {
        Map<CellClass, Integer> counts = new LinkedHashMap<>();
        classes.classes().forEach(c -> counts.put(c, 0));
        images.forEach(i -> counts.merge(i.label(), 1, Integer::sum));
        return counts;
    }

    /** The classes the images have, in class order (by output column). */
    static List<CellClass> classesOf(List<LabeledImage> images) {
        return images.stream().map(LabeledImage::label).distinct().sorted(java.util.Comparator.comparingInt(CellClass::index))
                .toList();
    }

    /** Splits the dataset's folders as {@code policy} says. */
    static SplitPlan of(Map<Split, List<LabeledImage>> folders, ClassSet classes, SplitPolicy policy, long seed, String dataName) {
        List<LabeledImage> train = new ArrayList<>();
        List<LabeledImage> validation = new ArrayList<>();
        List<LabeledImage> test = new ArrayList<>();
        Map<CellClass, List<LabeledImage>> trainBy = byClass(folders.get(Split.TRAIN), classes);
        List<LabeledImage> testFolder = folders.getOrDefault(Split.TEST, List.of());
        if (testFolder.isEmpty() && (policy.kind() == SplitPolicy.Kind.VALIDATION_AS_LARGE_AS_TEST
                || policy.kind() == SplitPolicy.Kind.VALIDATION_ON_TEST)) {
            throw new IllegalArgumentException("The split " + policy.kind() + " needs a TEST split, which this data has not (its"
                    + " splits: " + folders.keySet() + "): add a 'test' folder, or use SplitPolicy.validationFraction(0.2)");
        }
        Map<CellClass, Integer> testCounts = countByClass(testFolder, classes);
        String text;
        switch (policy.kind()) {
            case VALIDATION_FRACTION -> {
                if (!policy.imageLevel() && hasGroups(folders.get(Split.TRAIN))) {
                    int groups = 0;
                    if (singleClassGroups(folders.get(Split.TRAIN))) {
                        // source cells: stratified by class, whole cells per class
                        for (CellClass c : classes.classes()) {
                            groups += byGroup(trainBy.get(c), policy.validationFraction(), seed, 1 + c.index(), train, validation);
                        }
                    } else {
                        // patients or slides with several classes: whole groups, the share of all images
                        groups = byGroup(folders.get(Split.TRAIN), policy.validationFraction(), seed, 0, train, validation);
                    }
                    test.addAll(testFolder);
                    text = String.format(Locale.ROOT, dataName + ": train %d / validation %d (%s of TRAIN by group: %d of %d"
                            + " groups, none on both sides, seed %d) / test %d (TEST)", train.size(), validation.size(),
                            percent(policy.validationFraction()), groupsIn(validation), groups, seed, test.size());
                    break;
                }
                for (CellClass c : classes.classes()) {
                    List<LabeledImage> all = PerClassSample.shuffled(trainBy.get(c), seed, c.index());
                    int nVal = (int) Math.round(policy.validationFraction() * all.size());
                    validation.addAll(all.subList(0, nVal));
                    train.addAll(all.subList(nVal, all.size()));
                }
                test.addAll(testFolder);
                text = String.format(Locale.ROOT, dataName + ": train %d / validation %d (%s of TRAIN, stratified, seed %d)"
                        + " / test %d (TEST)", train.size(), validation.size(), percent(policy.validationFraction()), seed,
                        test.size());
            }
            case VALIDATION_AS_LARGE_AS_TEST -> {
                if (!policy.imageLevel() && hasGroups(folders.get(Split.TRAIN))) {
                    int groups = 0;
                    for (CellClass c : classes.classes()) {
                        List<LabeledImage> all = trainBy.get(c);
                        int nVal = testCounts.get(c);
                        if (nVal >= all.size()) {
                            throw new IllegalArgumentException("TRAIN has " + all.size() + " " + c + " images, too few to draw"
                                    + " a validation set as large as TEST's " + nVal);
                        }
                        groups += byGroupCount(all, nVal, seed, 1 + c.index(), train, validation);
                    }
                    test.addAll(testFolder);
                    text = String.format(Locale.ROOT, dataName + ": train %d / validation %d (from TRAIN by source cell, about as"
                            + " many per class as TEST: " + Paper.CHEN_ZHU.name() + "'s 60:20:20, %d of %d cells, none on both"
                            + " sides, seed %d) / test %d (TEST)", train.size(), validation.size(), groupsIn(validation), groups, seed,
                            test.size());
                    break;
                }
                for (CellClass c : classes.classes()) {
                    List<LabeledImage> all = PerClassSample.shuffled(trainBy.get(c), seed, c.index());
                    int nVal = testCounts.get(c);
                    if (nVal >= all.size()) {
                        throw new IllegalArgumentException("TRAIN has " + all.size() + " " + c + " images, too few to draw"
                                + " a validation set as large as TEST's " + nVal);
                    }
                    validation.addAll(all.subList(0, nVal));
                    train.addAll(all.subList(nVal, all.size()));
                }
                test.addAll(testFolder);
                text = String.format(Locale.ROOT, dataName + ": train %d / validation %d (from TRAIN, as many per class as TEST:"
                        + " " + Paper.CHEN_ZHU.name() + "'s 60:20:20, seed %d) / test %d (TEST)", train.size(), validation.size(), seed,
                        test.size());
            }
            case POOLED -> {
                List<LabeledImage> pooled = new ArrayList<>();
                folders.values().forEach(pooled::addAll);
                Map<CellClass, List<LabeledImage>> pooledBy = byClass(pooled, classes);
                for (CellClass c : classes.classes()) {
                    List<LabeledImage> all = PerClassSample.shuffled(pooledBy.get(c), seed, c.index());
                    int nTest = (int) Math.round(policy.testFraction() * all.size());
                    int nVal = (int) Math.round(policy.validationFraction() * all.size());
                    test.addAll(all.subList(0, nTest));
                    validation.addAll(all.subList(nTest, nTest + nVal));
                    train.addAll(all.subList(nTest + nVal, all.size()));
                }
                double trainFraction = 1 - policy.validationFraction() - policy.testFraction();
                text = String.format(Locale.ROOT, dataName + " pooled, LEAKY (augmented copies of one cell fall on both sides):"
                        + " train %d / validation %d / test %d of all %d images (%s:%s:%s, stratified, seed %d)",
                        train.size(), validation.size(), test.size(), pooled.size(), percentNumber(trainFraction),
                        percentNumber(policy.validationFraction()), percentNumber(policy.testFraction()), seed);
            }
            case VALIDATION_ON_TEST -> {
                train.addAll(folders.get(Split.TRAIN));
                validation.addAll(testFolder);
                text = String.format(Locale.ROOT, dataName + ": train %d (all of TRAIN) / validation %d (the TEST folder) / no"
                        + " separate test set: TEST figures are validation figures", train.size(), validation.size());
            }
            default -> throw new IllegalArgumentException("Unknown split policy " + policy.kind());
        }
        if (policy.imageLevel() && hasGroups(folders.get(Split.TRAIN))) {
            text += "; drawn by image, LEAKY: copies of one source cell on both sides (the papers' protocol)";
        } else if ("BCCD".equals(dataName) && !hasGroups(folders.get(Split.TRAIN)) && policy.kind() != SplitPolicy.Kind.POOLED
                && policy.kind() != SplitPolicy.Kind.VALIDATION_ON_TEST) {
            // BCCD without its audited source cells (another copy of the folder): say what that means
            text += "; source cells unknown, drawn by image: copies of one cell may be on both sides (./wbc data audit)";
        }
        train.sort(BY_NAME);
        validation.sort(BY_NAME);
        test.sort(BY_NAME);
        return new SplitPlan(train, validation, test, policy, seed, text);
    }

    /** An image's group for splitting: its group, or the image alone when it has none. */
    private static String groupKey(LabeledImage i) {
        return i.group() != null ? "g:" + i.group() : "f:" + i.file();
    }

    private static long groupsIn(List<LabeledImage> images) {
        return images.stream().map(SplitPlan::groupKey).distinct().count();
    }

    private static boolean singleClassGroups(List<LabeledImage> images) {
        Map<String, CellClass> classOf = new java.util.HashMap<>();
        for (LabeledImage i : images) {
            if (i.group() != null && !i.label().equals(classOf.computeIfAbsent(i.group(), g -> i.label()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasGroups(List<LabeledImage> images) {
        return images.stream().anyMatch(i -> i.group() != null);
    }

    /**
     * Splits by group: whole groups (a patient, a slide, a source cell) go to validation, in a
     * seeded order, until it holds its share of the images; an image without a group is a group of
     * its own. Returns the number of groups.
     */
    private static int byGroup(List<LabeledImage> images, double fraction, long seed, int stream, List<LabeledImage> train,
                               List<LabeledImage> validation) {
        return byGroupCount(images, Math.round(fraction * images.size()), seed, stream, train, validation);
    }

    /** Whole groups to validation, in a seeded order, until it holds {@code wanted} more images; returns the groups. */
    private static int byGroupCount(List<LabeledImage> images, long wanted, long seed, int stream, List<LabeledImage> train,
                                    List<LabeledImage> validation) {
        int before = validation.size();
        Map<String, List<LabeledImage>> groups = new java.util.TreeMap<>();
        for (LabeledImage i : images) {
            groups.computeIfAbsent(groupKey(i), k -> new ArrayList<>()).add(i);
        }
        List<String> keys = new ArrayList<>(groups.keySet());
        // an independent stream per class (not seed + class, which repeats across seeds)
        java.util.SplittableRandom rng = Augmenter.randomFor(seed, -1000 - stream, 0);
        for (int i = keys.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            String t = keys.get(i);
            keys.set(i, keys.get(j));
            keys.set(j, t);
        }
        if (keys.size() < 2 && wanted > 0) {
            LabeledImage any = images.get(0);
            throw new IllegalArgumentException("Only one group (" + (any.group() != null ? any.group() : any.file()) + ") of "
                    + images.size() + " " + any.label() + " images: it cannot be both trained and validated on. Add images of"
                    + " other groups, or use SplitPolicy.validationFraction(f).byImage() (leaky)");
        }
        int trainBefore = train.size();
        for (int x = 0; x < keys.size(); x++) {
            boolean lastAndTrainEmpty = x == keys.size() - 1 && train.size() == trainBefore;
            // whole groups to validation until it holds its share; the last group trains when none has yet
            (validation.size() - before < wanted && !lastAndTrainEmpty ? validation : train).addAll(groups.get(keys.get(x)));
        }
        return keys.size();
    }

    private static Map<CellClass, List<LabeledImage>> byClass(List<LabeledImage> images, ClassSet classes) {
        Map<CellClass, List<LabeledImage>> by = new LinkedHashMap<>();
        for (CellClass c : classes.classes()) {
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
