package io.github.wbczoo.examples.reproduce;

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
 * @param id          the command-line name, e.g. {@code chen-zhu}
 * @param citation    authors, title and year
 * @param experiments the runs, in the paper's order
 * @param notes       what to know when comparing (which split the paper's figures are on, what it does not say)
 */
public record PaperReproduction(String id, String citation, List<Experiment> experiments, List<String> notes) {

    public PaperReproduction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(citation, "citation");
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
}
