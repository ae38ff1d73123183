package io.github.wbczoo.core;

import java.util.Objects;

/**
 * One class of a {@link ClassSet}: its name and its column in the model's output and in one-hot
 * labels. Two classes are equal when name and column are.
 *
 * <p>Usage: {@code CellClass c = model.classes().get("monocyte"); float p = prediction.probability(c);}
 *
 * @param name  the class name as the set spells it, e.g. {@code MONOCYTE}
 * @param index its column, 0-based
 */
public record CellClass(String name, int index) implements java.io.Serializable {
    public CellClass {
        Objects.requireNonNull(name, "name");
        if (index < 0) {
            throw new IllegalArgumentException("Class index must not be negative, got " + index);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
