package io.github.wbczoo.reproduce;

import io.github.wbczoo.core.Paper;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What reproducing one paper means: its experiments (each a zoo model with the paper's settings
 * and the figures the paper reports for it) and notes on how our setting differs. The five
 * descriptions are in {@link Papers}; {@link ReproductionRunner} runs any of them.
 *
 * <p>Usage: {@code new ReproductionRunner(settings, System.out).run(Papers.byId("sarkar"), dataset, Path.of("runs/sarkar"))}
 *
 * @param paper       the paper (its command-line id, name and citation)
 * @param experiments the runs, in the paper's order
 * @param notes       what to know when comparing (which split the paper's figures are on, what it does not say)
 */
public record PaperReproduction(Paper paper, List<Experiment> experiments, List<String> notes) {

    public PaperReproduction {
        Objects.requireNonNull(paper, "paper");
        String id = paper.id();
        experiments = List.copyOf(experiments);
        notes = List.copyOf(notes);
        if (experiments.isEmpty()) {
            throw new IllegalArgumentException(id + ": no experiments");
        }
        Set<String> slugs = new HashSet<>();
        for (Experiment e : experiments) {
            if (!slugs.add(e.slug())) {
                throw new IllegalArgumentException(id + ": two experiments share the folder name " + e.slug());
            }
        }
    }

    /** The command-line name, e.g. {@code chen-zhu}. */
    public String id() {
        return paper.id();
    }

    /** Authors, title and year. */
    public String citation() {
        return paper.citation();
    }
}
