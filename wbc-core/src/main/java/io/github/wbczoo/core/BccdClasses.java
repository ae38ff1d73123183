package io.github.wbczoo.core;

/**
 * BCCD's four classes of {@link ClassSet#BCCD} by name, for code and tests about the papers' data.
 *
 * <p>Usage: {@code float p = prediction.probability(BccdClasses.NEUTROPHIL);}
 */
public final class BccdClasses {
    public static final CellClass EOSINOPHIL = ClassSet.BCCD.get("EOSINOPHIL");
    public static final CellClass LYMPHOCYTE = ClassSet.BCCD.get("LYMPHOCYTE");
    public static final CellClass MONOCYTE = ClassSet.BCCD.get("MONOCYTE");
    public static final CellClass NEUTROPHIL = ClassSet.BCCD.get("NEUTROPHIL");

    private BccdClasses() {
    }
}
