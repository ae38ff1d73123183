package io.github.wbczoo.eval;

import io.github.wbczoo.core.WbcModel;
import java.util.List;
import java.util.Objects;

/**
 * Evaluates predictions, or a model on labelled batches, into {@link SplitEvaluation}s and an
 * {@link EvaluationReport}.
 *
 * <p>Usage: {@code EvaluationReport r = new Evaluator().evaluate(model, List.of(EvaluationSplit.of("TEST", it))); r.writeTo(Path.of("report"));}
 */
public final class Evaluator {
    private final EvaluationSettings settings;

    /** An evaluator with {@link EvaluationSettings#defaults()}. */
    public Evaluator() {
        this(EvaluationSettings.defaults());
    }

    public Evaluator(EvaluationSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public EvaluationSettings settings() {
        return settings;
    }

    /** Evaluates the predictions of a split that is not leaky. */
    public SplitEvaluation evaluate(String split, Predictions predictions) {
        return evaluate(split, predictions, false);
    }

    /** Evaluates the predictions of a split. */
    public SplitEvaluation evaluate(String split, Predictions predictions, boolean leaky) {
        return SplitEvaluation.of(split, predictions, leaky, settings);
    }

    /** Runs the model over one split's batches and evaluates its predictions. */
    public SplitEvaluation evaluate(WbcModel model, EvaluationSplit split) {
        Predictions p = PredictionCollector.collect(model, split.batches(), split.imagePaths());
        return evaluate(split.name(), p, split.leaky());
    }

    /**
     * Evaluates the model on every split and builds the report: the model's architecture as its
     * name, its training history for learning curves, and TEST against TEST_SIMPLE when both are given.
     * A model trained on a leaky split ({@link WbcModel#trainedOnLeakySplit()}, e.g. Rao's pooled
     * split) gets the leaky-split warning.
     */
    public EvaluationReport evaluate(WbcModel model, List<EvaluationSplit> splits) {
        if (splits.isEmpty()) {
            throw new IllegalArgumentException("Give at least one split to evaluate on, e.g. TEST and TEST_SIMPLE");
        }
        EvaluationReport.Builder report = reportOf(model);
        for (EvaluationSplit split : splits) {
            report.split(evaluate(model, split));
        }
        return report.build();
    }

    /** A report builder with the model's name, facts, training history and, for a leaky training split, the warning. */
    static EvaluationReport.Builder reportOf(WbcModel model) {
        EvaluationReport.Builder report = EvaluationReport.builder(model.architecture())
                .modelFacts(ModelFacts.of(model))
                .history(model.history());
        if (model.trainedOnLeakySplit()) {
            // Only the split plan: the note's size, normalisation and augmentation parts say nothing about the leak.
            String plan = TrainingSplitNote.parse(model.notes().get(WbcModel.SPLIT_NOTE)).plan();
            report.leakyTraining("the model was trained on a leaky split (" + plan + ").",
                    "the model was trained on a leaky split (see \"" + ModelFacts.TRAINING_DATA + "\" above).");
        }
        return report;
    }
}
