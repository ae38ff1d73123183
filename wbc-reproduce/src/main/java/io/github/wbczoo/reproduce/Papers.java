package io.github.wbczoo.reproduce;

import io.github.wbczoo.core.Paper;
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
        if (!ALL.keySet().equals(Paper.all().stream().map(Paper::id).collect(java.util.stream.Collectors.toSet()))) {
            throw new IllegalStateException("Every paper needs its reproduction: " + Paper.all() + " vs " + ALL.keySet());
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
        return ALL.get(Paper.byId(id).id());
    }
}
