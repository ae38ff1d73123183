package io.github.wbczoo.reproduce;

import io.github.wbczoo.models.ModelBuilder;
import io.github.wbczoo.models.WbcModels;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One training run of a paper: a zoo model by registry name with the paper's settings for this
 * run (e.g. Sarkar's Huber loss) on top of the registry's recipe, and the figures the paper
 * reports for it.
 *
 * <p>Usage: {@code Experiment.of("Huber loss", "unetEncoder", UnetEncoder.class, "loss=huber", b -> b.loss(UnetEncoder.Loss.HUBER), figures)}
 *
 * @param label     how the paper names the run, unique within the paper
 * @param model     the registry name ({@link WbcModels#create})
 * @param overrides the settings changed from the registry's recipe, for the table ("" for none)
 * @param configure applies them to a fresh builder
 * @param figures   the rows of the table for this run, in order
 */
public record Experiment(String label, String model, String overrides, UnaryOperator<ModelBuilder<?>> configure,
                         List<PaperFigure> figures) {

    public Experiment {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(overrides, "overrides");
        Objects.requireNonNull(configure, "configure");
        figures = List.copyOf(figures);
        if (figures.isEmpty()) {
            throw new IllegalArgumentException(label + ": an experiment needs at least one figure to compare");
        }
    }

    /** A run with the registry's recipe as it is. */
    public static Experiment of(String label, String model, List<PaperFigure> figures) {
        return new Experiment(label, model, "", UnaryOperator.identity(), figures);
    }

    /**
     * A run with family-specific settings; {@code family} is the registry entry's builder class,
     * checked when the builder is made.
     */
    public static <B extends ModelBuilder<B>> Experiment of(String label, String model, Class<B> family, String overrides,
                                                            UnaryOperator<B> configure, List<PaperFigure> figures) {
        return new Experiment(label, model, overrides, b -> {
            if (!family.isInstance(b)) {
                throw new IllegalStateException(model + " is built by " + b.getClass().getSimpleName() + ", not "
                        + family.getSimpleName());
            }
            return configure.apply(family.cast(b));
        }, figures);
    }

    /** This run under another split protocol (a paper's own), named in its overrides. */
    public Experiment withSplit(io.github.wbczoo.core.SplitPolicy split, String name) {
        String all = overrides.isEmpty() ? "split=" + name : overrides + ", split=" + name;
        return new Experiment(label, model, all, b -> configure.apply(b).split(split), figures);
    }

    /** A fresh builder with the registry's recipe and this run's settings. */
    public ModelBuilder<?> builder() {
        return configure.apply(WbcModels.create(model));
    }

    /** A folder name for this run's model and report, e.g. {@code table-2-v9}. */
    public String slug() {
        String s = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return s.isEmpty() ? "experiment" : s;
    }
}
