package io.github.wbczoo.eval;

import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.TrainingHistory;
import io.github.wbczoo.core.WbcModel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The facts about a model a report states next to its figures, so a reader knows what was
 * evaluated: architecture, trainable parameters, input, normalisation, training length and the
 * model file's own notes.
 *
 * <p>Usage: {@code Map<String, String> facts = ModelFacts.of(model);}
 */
final class ModelFacts {
    private ModelFacts() {
    }

    /** Facts in reading order; keys are short labels such as {@code input}. */
    static Map<String, String> of(WbcModel model) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("architecture", model.architecture());
        facts.put("trainable parameters", String.format(java.util.Locale.ROOT, "%,d", model.trainableParams()));
        DataConfig c = model.dataConfig();
        facts.put("input", c.sizeLabel() + " (width x height), " + c.layout());
        facts.put("normalisation", c.normalization().toString());
        TrainingHistory h = model.history();
        if (!h.isEmpty()) {
            facts.put("epochs trained", String.valueOf(h.last().epoch()));
        }
        if (h.stopReason() != null) {
            facts.put("stopped", h.stopReason());
        }
        model.notes().forEach((k, v) -> facts.putIfAbsent(k, v));
        return facts;
    }
}
