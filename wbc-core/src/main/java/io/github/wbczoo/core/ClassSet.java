package io.github.wbczoo.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The classes a model tells apart, in the order of its output columns: BCCD's four white blood
 * cell types ({@link #BCCD}, the papers' recipes), or any names a lab's own data has (five with
 * basophils, eight of a peripheral-blood set). Names are looked up case-insensitively; an unknown
 * name fails listing the valid ones. The model file stores the names, and predictions answer with them.
 *
 * <p>Usage: {@code ClassSet cs = ClassSet.of("BASOPHIL", "EOSINOPHIL", "LYMPHOCYTE", "MONOCYTE", "NEUTROPHIL"); cs.get("basophil").index();}
 */
public final class ClassSet {
    /** BCCD's four types, in the order of its folders and of every paper's output. */
    public static final ClassSet BCCD = of("EOSINOPHIL", "LYMPHOCYTE", "MONOCYTE", "NEUTROPHIL");

    private final List<CellClass> classes;

    private ClassSet(List<String> names) {
        List<CellClass> list = new ArrayList<>(names.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (n == null || n.isBlank()) {
                throw new IllegalArgumentException("Class names must not be blank, got '" + n + "' at position " + (i + 1));
            }
            if (!seen.add(n.strip().toUpperCase(Locale.ROOT))) {
                throw new IllegalArgumentException("Class '" + n.strip() + "' is given twice (names are compared ignoring case): "
                        + names);
            }
            list.add(new CellClass(n.strip(), i));
        }
        if (list.size() < 2) {
            throw new IllegalArgumentException("A classifier needs at least two classes, got " + names);
        }
        this.classes = List.copyOf(list);
    }

    /** The classes in this order. */
    @JsonCreator
    public static ClassSet of(List<String> names) {
        return new ClassSet(List.copyOf(Objects.requireNonNull(names, "names")));
    }

    public static ClassSet of(String... names) {
        return of(List.of(names));
    }

    /** Number of classes: the width of the model's output. */
    public int size() {
        return classes.size();
    }

    /** Every class, in output order. */
    public List<CellClass> classes() {
        return classes;
    }

    /** The names, in output order. */
    @JsonValue
    public List<String> names() {
        return classes.stream().map(CellClass::name).toList();
    }

    /** The class at an output column. */
    public CellClass get(int index) {
        if (index < 0 || index >= classes.size()) {
            throw new IllegalArgumentException("Class index " + index + " is out of range 0.." + (classes.size() - 1)
                    + " (classes " + this + ")");
        }
        return classes.get(index);
    }

    /**
     * The class of a name, ignoring case and surrounding spaces ({@code " monocyte"} finds {@code MONOCYTE}).
     *
     * @throws IllegalArgumentException naming the valid classes when there is no such one
     */
    public CellClass get(String name) {
        CellClass c = find(name);
        if (c == null) {
            throw new IllegalArgumentException("Unknown class '" + name + "'; expected one of " + this);
        }
        return c;
    }

    /** Whether a class of this name (ignoring case) is in the set. */
    public boolean contains(String name) {
        return find(name) != null;
    }

    /** The columns, 0 to size - 1. */
    public IntStream indices() {
        return IntStream.range(0, classes.size());
    }

    private CellClass find(String name) {
        String wanted = name == null ? "" : name.strip();
        for (CellClass c : classes) {
            if (c.name().equalsIgnoreCase(wanted)) {
                return c;
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassSet other && other.names().equals(names());
    }

    @Override
    public int hashCode() {
        return names().hashCode();
    }

    /** The names, comma-separated: {@code EOSINOPHIL, LYMPHOCYTE, MONOCYTE, NEUTROPHIL}. */
    @Override
    public String toString() {
        return String.join(", ", names());
    }
}
