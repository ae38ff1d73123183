package io.github.wbczoo.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One of the five papers the zoo reproduces, declared once: the command-line id, the short name
 * that tables and logs show, and the citation. Models name their paper with it, {@code ./wbc
 * models} prints its name, and {@code ./wbc reproduce ID} looks it up by id.
 *
 * <p>Usage: {@code Paper p = Paper.byId("chen-zhu"); System.out.println(p.name() + ": " + p.citation());}
 *
 * @param id       command-line id, e.g. {@code chen-zhu}
 * @param name     short name by authors, e.g. {@code Chen & Zhu}
 * @param citation authors, title, where and when
 */
public record Paper(String id, String name, String citation) {
    public static final Paper CHEN_ZHU = new Paper("chen-zhu", "Chen & Zhu",
            "Chen & Zhu, Deep Learning Classification of Blood Cell Images (NYU)");
    public static final Paper SARKAR = new Paper("sarkar", "Sarkar et al.",
            "Sarkar, Tapp-Hughes & Zhang Solis, Using Neural Networks to Classify White Blood Cell Images (UNC, 2020)");
    /** The one paper without named authors: it is cited by its subject. */
    public static final Paper OPTIMISATION_STUDY = new Paper("optimisation-study", "Optimisation/regularisation study",
            "Classifying Blood Cell Images with Deep Learning (optimisation and regularisation study, authors not named)");
    public static final Paper ANDERSON = new Paper("anderson", "Anderson et al.",
            "Anderson, Jin & Lu, White Blood Cell Identification System Based on Convolutional Neural Networks (poster)");
    public static final Paper RAO = new Paper("rao", "Rao et al.",
            "Rao, Sai & Rao, Deep Categorization of Blood Cells using Depthwise Convolutions (IJEAT, 2021)");

    private static final Map<String, Paper> BY_ID = new LinkedHashMap<>();

    static {
        for (Paper p : List.of(CHEN_ZHU, SARKAR, OPTIMISATION_STUDY, ANDERSON, RAO)) {
            BY_ID.put(p.id(), p);
        }
    }

    public Paper {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(citation, "citation");
    }

    /** The five, in the order the project received them: Chen &amp; Zhu, Sarkar, the study, Anderson, Rao. */
    public static List<Paper> all() {
        return List.copyOf(BY_ID.values());
    }

    /** @throws IllegalArgumentException naming the valid ids when there is no such paper */
    public static Paper byId(String id) {
        Paper p = BY_ID.get(id);
        if (p == null) {
            throw new IllegalArgumentException("Unknown paper '" + id + "'; valid names: " + String.join(", ", BY_ID.keySet()));
        }
        return p;
    }

    @Override
    public String toString() {
        return name;
    }
}
