package io.github.wbczoo.eval;

import io.github.wbczoo.core.DataConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model's {@code split} note ({@code WbcModel.recordTrainingSplit}) taken apart, so a report
 * states what the model was trained and validated on once. wbc-data writes the note as
 * {@code PLAN[; limited to K training images per class (train T, validation V)]; SIZE NORMALISATION[; augmented: ...]}
 * (CellImageDataset.trainingData, SplitPlan.of and SplitPlan.limitPerClass): the plan's image counts are
 * before the limit, and the size and normalisation repeat the model's data config.
 *
 * <p>Usage: {@code TrainingSplitNote n = TrainingSplitNote.parse(model.notes().get("split")); facts.put("training data", n.statement(config));}
 *
 * @param plan          how the images were split, e.g. {@code BCCD: train 7470 / validation 2487 (...) / test 2487 (TEST)}
 * @param limit         the per-class limit part, or null when there was none
 * @param preprocessing the size and normalisation part, e.g. {@code 80x60 zscore mean=[...] std=[...]}, or null
 * @param augmentation  the augmentation summary, or null when training was not augmented
 */
record TrainingSplitNote(String plan, String limit, String preprocessing, String augmentation) {
    /** The prefix {@code WbcModel.recordTrainingSplit} puts before the note of a leaky split. */
    static final String LEAKY_PREFIX = "leaky: ";
    private static final Pattern LIMIT = Pattern.compile(
            "limited to (\\d+) training images per class \\(train (\\d+), validation (\\d+)\\)");
    private static final Pattern SIZE_FIRST = Pattern.compile("\\d+x\\d+ \\S.*");
    private static final String AUGMENTED = "augmented: ";

    /** Splits a note into its parts; any part it does not recognise stays in the plan, so nothing is lost. */
    static TrainingSplitNote parse(String note) {
        String text = note.startsWith(LEAKY_PREFIX) ? note.substring(LEAKY_PREFIX.length()) : note;
        List<String> plan = new ArrayList<>();
        String limit = null;
        String preprocessing = null;
        String augmentation = null;
        for (String part : text.split("; ")) {
            if (part.startsWith(AUGMENTED)) {
                augmentation = part.substring(AUGMENTED.length());
            } else if (part.startsWith("limited to ")) {
                limit = part;
            } else if (!plan.isEmpty() && SIZE_FIRST.matcher(part).matches()) {
                preprocessing = part;
            } else {
                plan.add(part);
            }
        }
        return new TrainingSplitNote(String.join("; ", plan), limit, preprocessing, augmentation);
    }

    /**
     * One statement of the images the model was trained and validated on: the counts actually used
     * first, then the split they were drawn from. The size and normalisation part is left out when it
     * is the model's own data config, which the report states once under "input" and "normalisation".
     */
    String statement(DataConfig modelConfig) {
        StringBuilder s = new StringBuilder();
        Matcher m = limit == null ? null : LIMIT.matcher(limit);
        if (m != null && m.matches()) {
            s.append(String.format(Locale.ROOT, "train %s / validation %s images (at most %s training images per class,"
                            + " validation cut in proportion), drawn from %s", m.group(2), m.group(3), m.group(1), plan));
        } else {
            s.append(plan);
            if (limit != null) {
                s.append("; ").append(limit);
            }
        }
        if (preprocessing != null && !preprocessing.equals(modelConfig.sizeLabel() + " " + modelConfig.normalization())) {
            s.append("; trained with ").append(preprocessing);
        }
        return s.toString();
    }
}
