package io.github.wbczoo.models;

import io.github.wbczoo.core.Paper;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A registered model, declared once, beside its definition in its family file: the registry name,
 * its paper, the input size registry-wide tests build it at, and the factory of its builder, which
 * carries the recipe (data config, split, augmentation, optimiser, schedule, epochs). The
 * registry, {@code ./wbc models}, data preview and the registry-wide tests all read it from here.
 *
 * <p>Usage (in a family file): {@code static List<ModelSpec> specs() { return List.of(new ModelSpec(NAME, Paper.RAO, 150, 150, DepthwiseSeparable::new)); }}
 *
 * @param name       registry name, e.g. {@code myCnn.v9}
 * @param paper      the paper it comes from
 * @param testHeight input height for registry-wide behaviour tests (the smallest the family takes, or a fraction
 *                   of the recipe's); parameter counts are pinned at the recipe's size
 * @param testWidth  input width for those tests
 * @param factory    a fresh builder with the recipe; its {@link ModelBuilder#name()} and {@link ModelBuilder#paper()}
 *                   must be this spec's (checked when it is registered)
 */
public record ModelSpec(String name, Paper paper, int testHeight, int testWidth,
                        Supplier<? extends ModelBuilder<?>> factory) {

    public ModelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(paper, "paper");
        Objects.requireNonNull(factory, "factory");
        if (testHeight <= 0 || testWidth <= 0) {
            throw new IllegalArgumentException(name + ": test input size must be positive, got " + testHeight + "x" + testWidth);
        }
    }

    /** A fresh builder with the recipe. */
    public ModelBuilder<?> builder() {
        ModelBuilder<?> b = factory.get();
        if (!b.name().equals(name) || !b.paper().equals(paper)) {
            throw new IllegalStateException("Model spec " + name + " (" + paper + ") makes a builder for " + b.name() + " ("
                    + b.paper() + "): declare the builder's name and paper from the spec's");
        }
        return b;
    }

    /** A fresh builder at the test input size. */
    public ModelBuilder<?> testBuilder() {
        return builder().inputSize(testHeight, testWidth);
    }
}
