package io.github.wbczoo.eval;

import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.TrainingHistory;
import io.github.wbczoo.core.WbcModel;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The facts about a model a report states next to its figures, so a reader knows what was
 * evaluated: architecture, trainable parameters, input, normalisation, training length, the data
 * it was trained and validated on, and the model file's other notes. Each fact is stated once:
 * the training-split note repeats the normalisation and counts images before a per-class limit,
 * so it is rewritten by {@link TrainingSplitNote} rather than shown as it is.
 *
 * <p>Usage: {@code Map<String, String> facts = ModelFacts.of(model);}
 */
final class ModelFacts {
    /** The fact saying which images the model was trained and validated on. */
    static final String TRAINING_DATA = "training data";
    static final String AUGMENTATION = "augmentation";

    private ModelFacts() {
    }

    /** Facts in reading order; keys are short labels such as {@code input}. */
    static Map<String, String> of(WbcModel model) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("architecture", model.architecture());
        facts.put("trainable parameters", String.format(Locale.ROOT, "%,d", model.trainableParams()));
        DataConfig c = model.dataConfig();
        facts.put("input", c.sizeLabel() + " (width x height), " + c.layout());
        facts.put("normalisation", describe(c.normalization()));
        TrainingHistory h = model.history();
        if (!h.isEmpty()) {
            facts.put("epochs trained", String.valueOf(h.last().epoch()));
        }
        if (h.stopReason() != null) {
            facts.put("stopped", h.stopReason());
        }
        String note = model.notes().get(WbcModel.SPLIT_NOTE);
        if (note != null && !note.isBlank()) {
            TrainingSplitNote split = TrainingSplitNote.parse(note);
            facts.put(TRAINING_DATA, split.statement(c));
            if (split.augmentation() != null) {
                facts.put(AUGMENTATION, split.augmentation());
            }
        }
        model.notes().forEach((k, v) -> {
            if (!k.equals(WbcModel.SPLIT_NOTE)) {
                facts.putIfAbsent(k, v);
            }
        });
        return facts;
    }

    /** The normalisation in words, with its statistics rounded for reading (the model file keeps them exactly). */
    static String describe(Normalization n) {
        return switch (n.kind()) {
            case RAW -> "none: raw pixel values 0-255";
            case DIVIDE_255 -> "pixel values divided by 255 (0 to 1)";
            case Z_SCORE -> n.isFitted()
                    ? "z-score per channel with the training images' statistics (0-255 scale): mean " + values(n.mean(), "%.1f")
                    + ", standard deviation " + values(n.std(), "%.1f")
                    : "z-score per channel (statistics not fitted yet)";
            case FEATUREWISE_CENTER -> n.isFitted()
                    ? "divided by 255, then the training images' per-channel mean subtracted: mean " + values(n.mean(), "%.3f")
                    : "divided by 255, then centred per channel (mean not fitted yet)";
            case IMAGENET -> "ImageNet (Keras VGG16 \"caffe\"): RGB to BGR, ImageNet channel means subtracted, no scaling";
        };
    }

    // "193.5 / 180.2 / 166.0 (R / G / B)" for the usual three channels
    private static String values(float[] v, String format) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            s.append(i == 0 ? "" : " / ").append(String.format(Locale.ROOT, format, v[i]));
        }
        return v.length == 3 ? s + " (R / G / B)" : s.toString();
    }
}
