package io.github.wbczoo.examples.reproduce;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The five papers that can be reproduced, by command-line name.
 *
 * <p>Usage: {@code PaperReproduction p = Papers.byId("rao");}
 */
public final class Papers {
    private static final Map<String, PaperReproduction> ALL = new LinkedHashMap<>();

    static {
        for (PaperReproduction p : List.of(ChenZhuPaper.reproduction(), SarkarPaper.reproduction(),
                OptimisationStudyPaper.reproduction(), AndersonPaper.reproduction(), RaoPaper.reproduction())) {
            ALL.put(p.id(), p);
        }
    }

    private Papers() {
    }

    /** The names, in seed order: chen-zhu, sarkar, optimisation-study, anderson, rao. */
    public static List<String> ids() {
        return List.copyOf(ALL.keySet());
    }

    /** @throws IllegalArgumentException naming the valid names when there is no such paper */
    public static PaperReproduction byId(String id) {
        PaperReproduction p = ALL.get(id);
        if (p == null) {
            throw new IllegalArgumentException("Unknown paper '" + id + "'; valid names: " + String.join(", ", ALL.keySet()));
        }
        return p;
    }
}
