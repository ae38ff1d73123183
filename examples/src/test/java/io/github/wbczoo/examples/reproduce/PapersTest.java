package io.github.wbczoo.examples.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wbczoo.core.WbcClass;
import io.github.wbczoo.models.BasicCnn;
import io.github.wbczoo.models.KerasOptimizer;
import io.github.wbczoo.models.ModelBuilder;
import io.github.wbczoo.models.UnetEncoder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The five paper descriptions: every experiment can be built and tested where its figures are, and the figures are the papers'. */
class PapersTest {
    private final ReproductionRunner runner = new ReproductionRunner(new RunSettings(null, null, null, 42, null, 1000), System.out);

    @Test
    void thePapersAreTheFiveSeedsInOrder() {
        assertThat(Papers.ids()).containsExactly("chen-zhu", "sarkar", "optimisation-study", "anderson", "rao");
        assertThatThrownBy(() -> Papers.byId("Chen-Zhu")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown paper 'Chen-Zhu'; valid names: chen-zhu, sarkar, optimisation-study, anderson, rao");
    }

    @Test
    void everyExperimentBuildsFromTheRegistryAndIsTestedOnTheSplitsOfItsFigures() {
        for (String id : Papers.ids()) {
            for (Experiment e : Papers.byId(id).experiments()) {
                ModelBuilder<?> b = runner.builder(e);
                b.dataRequest(); // validates every setting
                assertThat(b.name()).as(e.label()).isEqualTo(e.model());
                List<String> splits = ReproductionRunner.evaluatedSplits(b);
                for (PaperFigure f : e.figures()) {
                    assertThat(f.measure().split()).as(id + " / " + e.label() + " / " + f.measure().label())
                            .isIn(concat(splits, Measure.TRAINING));
                }
            }
        }
    }

    @Test
    void overridesReachTheBuilder() {
        ModelBuilder<?> huber = runner.builder(experiment("sarkar", "Huber"));
        assertThat(((UnetEncoder) huber).loss()).isEqualTo(UnetEncoder.Loss.HUBER);
        ModelBuilder<?> sgd = runner.builder(experiment("optimisation-study", "SGD"));
        assertThat(((BasicCnn) sgd).optimizer()).isEqualTo(KerasOptimizer.SGD);
        ModelBuilder<?> shortened = new ReproductionRunner(new RunSettings(3, 50, null, 7, null, 1000), System.out)
                .builder(experiment("chen-zhu", "MyCNN v9"));
        assertThat(shortened.recipe().epochs()).isEqualTo(3);
        assertThat(shortened.dataRequest().limitPerClass()).isEqualTo(50);
        assertThat(shortened.dataRequest().seed()).isEqualTo(7);
    }

    @Test
    void chenAndZhuTablesTwoAndThreeAreTranscribed() {
        Map<String, String> printed = new LinkedHashMap<>();
        for (Experiment e : Papers.byId("chen-zhu").experiments()) {
            printed.put(e.model(), e.figures().get(0).reported() + " / " + e.figures().get(1).reported());
        }
        assertThat(printed).containsExactly(
                Map.entry("resNet18", "85.7% / 25.4%"),
                Map.entry("myCnn.v4", "85.4% / 74.6%"),
                Map.entry("myCnn.v9", "86.5% / 84.5%"),
                Map.entry("myCnn.v11", "88.2% / 78.9%"),
                Map.entry("inceptionBottleneck3", "73% / 63.4%"),
                Map.entry("inceptionBottleneck5", "87% / 78.9%"),
                Map.entry("inceptionBottleneck7", "88% / 85.9%"),
                Map.entry("inceptionParaA", "— / —"),
                Map.entry("inceptionParaB", "— / —"));
    }

    @Test
    void printedFiguresAndTheirValuesAgree() {
        for (String id : Papers.ids()) {
            for (Experiment e : Papers.byId(id).experiments()) {
                for (PaperFigure f : e.figures()) {
                    if (!f.isReported()) {
                        continue;
                    }
                    String digits = f.reported().replaceAll("[^0-9.]", "");
                    double printed = Double.parseDouble(digits);
                    double expected = f.reported().endsWith("%") ? printed / 100 : printed;
                    assertThat(f.value()).as(id + " / " + e.label() + " / " + f.measure().label())
                            .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
                }
            }
        }
    }

    @Test
    void raosTableOneHasItsSupportsAndPrintedFigures() {
        Experiment rao = Papers.byId("rao").experiments().get(0);
        int support = 0;
        for (PaperFigure f : rao.figures()) {
            if (f.measure().kind() == Measure.Kind.SUPPORT) {
                support += f.value().intValue();
            }
        }
        assertThat(support).isEqualTo(1244);
        assertThat(figure(rao, Measure.Kind.F1, WbcClass.NEUTROPHIL).reported()).isEqualTo("0.97");
        assertThat(figure(rao, Measure.Kind.PRECISION, WbcClass.NEUTROPHIL).reported()).isEqualTo("0.95");
        assertThat(figure(rao, Measure.Kind.RECALL, WbcClass.NEUTROPHIL).reported()).isEqualTo("0.96");
        assertThat(figure(rao, Measure.Kind.F1, WbcClass.EOSINOPHIL).reported()).isEqualTo("0.95");
    }

    private static PaperFigure figure(Experiment e, Measure.Kind kind, WbcClass c) {
        return e.figures().stream().filter(f -> f.measure().kind() == kind && f.measure().forClass() == c).findFirst()
                .orElseThrow();
    }

    private static Experiment experiment(String paper, String label) {
        return Papers.byId(paper).experiments().stream().filter(e -> e.label().equals(label)).findFirst().orElseThrow();
    }

    private static List<String> concat(List<String> a, String b) {
        return java.util.stream.Stream.concat(a.stream(), java.util.stream.Stream.of(b)).toList();
    }
}
