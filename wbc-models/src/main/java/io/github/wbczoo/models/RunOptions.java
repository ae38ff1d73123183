package io.github.wbczoo.models;

import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.core.train.ProgressReporter;
import io.github.wbczoo.core.train.TrainingCallback;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How one training run is watched and kept, apart from what is trained (the builder's recipe and
 * overrides): where progress goes, extra callbacks, the best-model and latest-epoch files, and a
 * model to continue instead of a fresh one.
 *
 * <p>Usage: {@code builder.prepare(data, RunOptions.defaults().bestModel(dir.resolve("model.wbc")).latestModel(dir.resolve("last.wbc"))).fit()}
 *
 * @param progress     where progress goes
 * @param callbacks    extra callbacks, run after the recipe's own
 * @param bestModel    the file the best model so far is kept in (atomically; replaced only by a better epoch), or null
 * @param latestModel  the file every epoch's model is saved to (what a resume continues), or null
 * @param resumeFrom   a model to continue (its history, weights and optimiser state), or null for a fresh one
 */
public record RunOptions(ProgressReporter progress, List<TrainingCallback> callbacks, Path bestModel, Path latestModel,
                         WbcModel resumeFrom) {

    public RunOptions {
        Objects.requireNonNull(progress, "progress");
        callbacks = List.copyOf(callbacks);
    }

    /** Automatic progress (a bar on a terminal, a line every 30 s otherwise), nothing written, a fresh model. */
    public static RunOptions defaults() {
        return new RunOptions(ProgressReporter.auto(), List.of(), null, null, null);
    }

    public RunOptions progress(ProgressReporter p) {
        return new RunOptions(p, callbacks, bestModel, latestModel, resumeFrom);
    }

    /** One more callback, after the recipe's and the ones already added. */
    public RunOptions callback(TrainingCallback c) {
        List<TrainingCallback> all = new ArrayList<>(callbacks);
        all.add(Objects.requireNonNull(c, "callback"));
        return new RunOptions(progress, all, bestModel, latestModel, resumeFrom);
    }

    /** Keep the best model so far (by the recipe's monitor, or the last epoch's when it has none) in this file. */
    public RunOptions bestModel(Path file) {
        return new RunOptions(progress, callbacks, Objects.requireNonNull(file, "file"), latestModel, resumeFrom);
    }

    /** Save every epoch's model, with its optimiser state, to this file. */
    public RunOptions latestModel(Path file) {
        return new RunOptions(progress, callbacks, bestModel, Objects.requireNonNull(file, "file"), resumeFrom);
    }

    /** Continue this model (e.g. {@code WbcModel.load(last)}) until the builder's epochs, numbering on from its history. */
    public RunOptions resumeFrom(WbcModel model) {
        return new RunOptions(progress, callbacks, bestModel, latestModel, Objects.requireNonNull(model, "model"));
    }
}
