package io.github.wbczoo.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTML page's properties that keep it readable at 760 px and up, checked on the sample reports
 * that scripts/check-report-layout.sh renders in a real browser (they are left in
 * target/sample-reports for it).
 */
class HtmlReportTest {
    static final Path SAMPLES = Path.of("target", "sample-reports");
    private static String multi;
    private static String single;
    private static EvaluationReport multiReport;
    private static EvaluationReport singleReport;

    @BeforeAll
    static void writeSamples() throws Exception {
        multi = Files.readString(SampleReports.write(SAMPLES, SampleReports.Kind.MULTI_EPOCH));
        single = Files.readString(SampleReports.write(SAMPLES, SampleReports.Kind.ONE_EPOCH));
        multiReport = SampleReports.report(SAMPLES.resolve("images"), SampleReports.Kind.MULTI_EPOCH);
        singleReport = SampleReports.report(SAMPLES.resolve("images"), SampleReports.Kind.ONE_EPOCH);
    }

    @Test
    void namesWrapAtWordsOrSlashesNeverMidWordEverywhere() {
        for (String html : new String[] {multi, single}) {
            assertThat(html).doesNotContain("break-all").contains("code{font-size:12px;overflow-wrap:anywhere}")
                    .contains("td.file{min-width:14ch}");
        }
        // the file column: the last three path parts, breakable after each slash, the full path as the tooltip
        Matcher file = Pattern.compile("<td class=\"l file\"><code title=\"([^\"]+)\">([^<]*(?:<wbr>[^<]*)*)</code>")
                .matcher(multi);
        assertThat(file.find()).as("a file cell").isTrue();
        assertThat(file.group(1)).contains("/dataset2-master/dataset2-master/images/TEST/").endsWith(".jpeg");
        assertThat(file.group(2)).matches("TEST/<wbr>(EOSINOPHIL|LYMPHOCYTE|MONOCYTE|NEUTROPHIL)/<wbr>_\\d+_\\d+\\.jpeg");
        assertThat(HtmlReport.breakablePath("a/b<c")).isEqualTo("a/<wbr>b&lt;c");
    }

    @Test
    void everyTableSitsInAContainerThatScrollsSideways() {
        for (String html : new String[] {multi, single}) {
            int tables = html.split("<table", -1).length - 1;
            assertThat(tables).isGreaterThanOrEqualTo(8);
            assertThat(html.split("<div class=\"table-wrap\"><table", -1)).hasSize(tables + 1);
            assertThat(html.split("</table></div>", -1)).hasSize(tables + 1);
        }
        assertThat(HtmlReport.STYLE).contains(".table-wrap{max-width:100%;overflow-x:auto")
                .contains("@media (max-width:820px)").contains("figure{margin:0;flex:1 1 560px;min-width:0");
        // short probability headers keep the mistakes table narrow; the full class name is the tooltip
        assertThat(multi).contains("<th><abbr title=\"probability of NEUTROPHIL\">P(NEU)</abbr></th>")
                .doesNotContain("<th>P(NEUTROPHIL)</th>");
    }

    @Test
    void aOneEpochHistoryHasNoOnePointChartsButItsValuesInWords() {
        assertThat(single).doesNotContain("alt=\"Loss per epoch\"").doesNotContain("alt=\"Accuracy per epoch\"")
                .doesNotContain("alt=\"Learning rate per epoch\"")
                .contains("<p>Only epoch 1 was recorded, so there is no curve to draw: training loss 1.389, validation loss"
                        + " 1.386; training accuracy 26.2%, validation accuracy 25.0% (epoch 1).</p>")
                .contains("<p>Learning rate 1.0e-4.</p>")
                .doesNotContain("1.388715811570485");
        assertThat(multi).contains("alt=\"Loss per epoch\"").contains("alt=\"Accuracy per epoch\"")
                .contains("alt=\"Learning rate per epoch\"").doesNotContain("Only epoch");
        assertThat(singleReport.toMarkdown()).contains("Learning rate 1.0e-4.").doesNotContain("learning-loss.png");
    }

    @Test
    void theComparisonSentenceFollowsTheFigures() {
        ComparedMetric up = multiReport.comparisons().get(0).accuracy();
        assertThat(up.difference()).isPositive();
        assertThat(multi).contains("TEST is " + points(up.difference()) + " points higher than TEST_SIMPLE")
                .contains("Chen &amp; Zhu also found TEST higher than TEST_SIMPLE");
        ComparedMetric down = singleReport.comparisons().get(0).accuracy();
        assertThat(down.difference()).isNegative();
        assertThat(single).contains("TEST_SIMPLE is " + points(-down.difference()) + " points higher than TEST")
                .doesNotContain("Chen &amp; Zhu");
    }

    @Test
    void theTrainingDataAndTheNormalisationAreStatedOnce() {
        assertThat(multi.split("<td>training data</td>", -1)).hasSize(2);
        assertThat(multi.split("train 7470 / validation 2487", -1)).hasSize(2);
        assertThat(multi.split("train 600 / validation 200 images", -1)).hasSize(2);
        assertThat(multi).doesNotContain("train 600, validation 200").doesNotContain("zscore mean=");
        assertThat(multi.split("mean 193.5 / 180.2 / 166.0", -1)).hasSize(2);
        // the leaky split's warning points to the facts instead of repeating the split
        assertThat(single.split("of all 12515 images", -1)).hasSize(2);
        assertThat(single).contains("Leaky split: the model was trained on a leaky split (see &quot;training data&quot; above).");
    }

    @Test
    void theSplitChartIsDescribedAsShowingBothMeasures() {
        assertThat(multi).contains("Circles are accuracy (share of images right), diamonds macro-F1");
    }

    private static String points(double difference) {
        return String.format(Locale.ROOT, "%.1f", 100 * difference);
    }
}
