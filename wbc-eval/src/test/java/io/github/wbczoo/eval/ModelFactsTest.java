package io.github.wbczoo.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wbczoo.core.ChannelLayout;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.WbcModel;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelFactsTest {
    private static final DataConfig CONFIG = new DataConfig(2, 2, 3, ChannelLayout.FLAT, SampleReports.Z_SCORE);
    // what CellImageDataset.trainingData appends to the split plan: the size and the fitted normalisation
    private static final String PREPROCESSING = CONFIG.sizeLabel() + " " + CONFIG.normalization();

    private static WbcModel model(String splitNote, boolean leaky) {
        WbcModel m = TinyModels.model(3);
        m.dataConfig(CONFIG);
        m.recordTrainingSplit(splitNote, leaky);
        m.notes().put("weights", "trained from scratch");
        return m;
    }

    @Test
    void theTrainingDataIsOneStatementWithTheCountsActuallyUsedFirst() {
        Map<String, String> facts = ModelFacts.of(model(SampleReports.CHEN_ZHU_LIMITED + "; " + PREPROCESSING
                + "; augmented: " + SampleReports.AUGMENTATION, false));
        assertThat(facts.get(ModelFacts.TRAINING_DATA)).isEqualTo("train 600 / validation 200 images (at most 150 training"
                + " images per class, validation cut in proportion), drawn from BCCD: train 7470 / validation 2487 (from TRAIN,"
                + " as many per class as TEST: Chen & Zhu's 60:20:20, seed 42) / test 2487 (TEST)");
        assertThat(facts.get(ModelFacts.AUGMENTATION)).isEqualTo(SampleReports.AUGMENTATION);
        assertThat(facts).doesNotContainKey(WbcModel.SPLIT_NOTE).containsEntry("weights", "trained from scratch");
        assertThat(facts.keySet()).containsSubsequence("architecture", "input", "normalisation", ModelFacts.TRAINING_DATA,
                ModelFacts.AUGMENTATION, "weights");
    }

    @Test
    void theNormalisationIsStatedOnceInWords() {
        Map<String, String> facts = ModelFacts.of(model(SampleReports.CHEN_ZHU_LIMITED + "; " + PREPROCESSING, false));
        assertThat(facts.get("normalisation")).isEqualTo("z-score per channel with the training images' statistics"
                + " (0-255 scale): mean 193.5 / 180.2 / 166.0 (R / G / B), standard deviation 30.1 / 41.5 / 12.0 (R / G / B)");
        String all = String.join("\n", facts.values());
        assertThat(all).doesNotContain("zscore mean=").doesNotContain("193.45912");
        assertThat(all.split("193\\.5", -1)).hasSize(2);
        assertThat(all.split("train 7470", -1)).hasSize(2);
    }

    @Test
    void aNormalisationThatIsNotTheModelsOwnIsKept() {
        String other = "40x30 zscore mean=[1.0, 2.0, 3.0] std=[1.0, 1.0, 1.0]";
        Map<String, String> facts = ModelFacts.of(model("BCCD: train 10 / validation 2 (20% of TRAIN, stratified, seed 1)"
                + " / test 5 (TEST); " + other, false));
        assertThat(facts.get(ModelFacts.TRAINING_DATA)).isEqualTo("BCCD: train 10 / validation 2 (20% of TRAIN, stratified,"
                + " seed 1) / test 5 (TEST); trained with " + other);
    }

    @Test
    void aLeakySplitIsQuotedInTheWarningButTheReportPagesPointToTheFacts() {
        WbcModel m = model(SampleReports.POOLED + "; " + PREPROCESSING, true);
        EvaluationReport r = Evaluator.reportOf(m).split(new Evaluator(EvaluationSettings.defaults().withResamples(20))
                .evaluate("TEST", Fixtures.random(40, 1, 1.0))).build();
        assertThat(r.modelFacts().get(ModelFacts.TRAINING_DATA)).isEqualTo(SampleReports.POOLED);
        // JSON and the command line read the warning on its own: it names the split, without the normalisation
        assertThat(r.leakyTraining()).isEqualTo("the model was trained on a leaky split (" + SampleReports.POOLED + ").");
        assertThat(r.warnings().get(0)).startsWith("Leaky split: the model was trained on a leaky split (BCCD pooled")
                .doesNotContain("zscore");
        // the pages show the facts right above their warnings
        assertThat(r.pageWarnings().get(0))
                .startsWith("Leaky split: the model was trained on a leaky split (see \"training data\" above).")
                .doesNotContain("12515");
        assertThat(r.toHtml().split("of all 12515 images", -1)).hasSize(2);
        assertThat(r.toMarkdown().split("of all 12515 images", -1)).hasSize(2);
    }

    @Test
    void aNoteInAnotherFormatIsShownAsItIs() {
        Map<String, String> facts = ModelFacts.of(model("pooled 80:10:10", true));
        assertThat(facts.get(ModelFacts.TRAINING_DATA)).isEqualTo("pooled 80:10:10");
        assertThat(TrainingSplitNote.parse("leaky: pooled 80:10:10").plan()).isEqualTo("pooled 80:10:10");
    }
}
