package io.github.wbczoo.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wbczoo.core.EpochRecord;
import io.github.wbczoo.core.ModelFileInfo;
import io.github.wbczoo.core.TinyModelsAccess;
import io.github.wbczoo.core.WbcModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An interrupted run resumed from its latest epoch, through the real trainer, callbacks and
 * model files: the validation accuracy of each epoch is scripted (labels are set against the
 * model's own answers), so "later epochs are worse" is certain rather than hoped for.
 */
class ResumeTest {
    private static final TrainingConfig QUIET = TrainingConfig.defaults().withProgress(ProgressReporter.silent());

    @TempDir
    Path dir;

    @Test
    void resumeAfterWorseEpochsKeepsTheEarlierBestInFileAndMemory() {
        Path best = dir.resolve("model.wbc");
        Path last = dir.resolve("last.wbc");
        WbcModel model = TinyModelsAccess.dense(5, 1e-2);
        ScriptedValidation val = new ScriptedValidation(model, 0.75, 0.25, 0.375, 0.5, 0.625);
        DataSetIterator train = TinyModelsAccess.separable(16, 16, 1);
        Map<Integer, INDArray> weightsAfter = new HashMap<>();
        TrainingCallback recordWeights = new TrainingCallback() {
            @Override
            public void onEpochEnd(EpochRecord epoch, TrainingContext context) {
                weightsAfter.put(epoch.epoch(), context.model().snapshotParams());
            }
        };

        // First run: interrupted after epoch 2 (the last-epoch file is what a Ctrl-C leaves).
        Trainer.fit(model, train, val, config(best, last, recordWeights).withEpochs(2));
        assertThat(ModelFileInfo.read(best).weightsEpoch()).isEqualTo(1);
        assertThat(ModelFileInfo.read(last).weightsEpoch()).isEqualTo(2);

        // Resume from the latest epoch with fresh callbacks, as ./wbc train --resume does.
        WbcModel resumed = WbcModel.load(last);
        val.model = resumed;
        Trainer.fit(resumed, train, val, config(best, last, recordWeights).withEpochs(5));

        ModelFileInfo info = ModelFileInfo.read(best);
        assertThat(info.history().epochs()).extracting(EpochRecord::valAccuracy).containsExactly(0.75, 0.25, 0.375, 0.5, 0.625);
        assertThat(info.weightsEpoch()).isEqualTo(1).isEqualTo(info.history().bestEpoch());
        assertThat(info.history().monitor()).isEqualTo("val_accuracy");
        WbcModel saved = WbcModel.load(best);
        assertThat(saved.network().params()).isEqualTo(weightsAfter.get(1));
        // The model in memory got epoch 1's weights back from the file (they were trained before the resume).
        assertThat(resumed.weightsEpoch()).isEqualTo(1);
        assertThat(resumed.network().params()).isEqualTo(weightsAfter.get(1));
        // The latest-epoch file continues from epoch 5.
        assertThat(ModelFileInfo.read(last).weightsEpoch()).isEqualTo(5);
        assertThat(WbcModel.load(last).network().params()).isEqualTo(weightsAfter.get(5));
    }

    @Test
    void aBetterEpochAfterTheResumeReplacesTheBest() {
        Path best = dir.resolve("model.wbc");
        Path last = dir.resolve("last.wbc");
        WbcModel model = TinyModelsAccess.dense(5, 1e-2);
        ScriptedValidation val = new ScriptedValidation(model, 0.5, 0.25, 0.75, 0.5);
        DataSetIterator train = TinyModelsAccess.separable(16, 16, 1);
        Trainer.fit(model, train, val, config(best, last).withEpochs(2));
        WbcModel resumed = WbcModel.load(last);
        val.model = resumed;
        Trainer.fit(resumed, train, val, config(best, last).withEpochs(4));
        ModelFileInfo info = ModelFileInfo.read(best);
        assertThat(info.weightsEpoch()).isEqualTo(3).isEqualTo(info.history().bestEpoch());
        assertThat(info.history().epochs()).hasSize(4);
    }

    @Test
    void aBetterModelAlreadyAtThePathIsNotOverwrittenByAWorseRun() {
        Path best = dir.resolve("model.wbc");
        WbcModel other = TinyModelsAccess.dense(7, 1e-2);
        Trainer.fit(other, TinyModelsAccess.separable(16, 16, 1), new ScriptedValidation(other, 0.875),
                config(best, dir.resolve("other-last.wbc")).withEpochs(1));
        INDArray otherWeights = WbcModel.load(best).network().params();

        WbcModel model = TinyModelsAccess.dense(5, 1e-2);
        Trainer.fit(model, TinyModelsAccess.separable(16, 16, 1), new ScriptedValidation(model, 0.5, 0.625),
                config(best, dir.resolve("last.wbc")).withEpochs(2));
        assertThat(WbcModel.load(best).network().params()).isEqualTo(otherWeights);
        assertThat(ModelFileInfo.read(best).history().epochs()).as("the other run's history is left alone").hasSize(1);
    }

    @Test
    void aCrashBetweenTheTwoSavesKeepsTheBetterFileAndTheModelInMemoryIsIt() throws Exception {
        Path best = dir.resolve("model.wbc");
        Path last = dir.resolve("last.wbc");
        Path lastAfterEpoch1 = dir.resolve("last-after-1.wbc");
        WbcModel model = TinyModelsAccess.dense(5, 1e-2);
        ScriptedValidation val = new ScriptedValidation(model, 0.5, 0.75, 0.25, 0.375, 0.5);
        DataSetIterator train = TinyModelsAccess.separable(16, 16, 1);
        TrainingCallback keepEpoch1 = new TrainingCallback() {
            @Override
            public void onEpochEnd(EpochRecord epoch, TrainingContext context) {
                if (epoch.epoch() == 1) {
                    copy(last, lastAfterEpoch1);
                }
            }
        };
        Trainer.fit(model, train, val, config(best, last, keepEpoch1).withEpochs(2));
        INDArray epoch2 = WbcModel.load(best).network().params();
        // As if the process died after writing model.wbc for epoch 2 but before last.wbc: last.wbc is epoch 1's.
        copy(lastAfterEpoch1, last);

        WbcModel resumed = WbcModel.load(last);
        val.model = resumed;
        Trainer.fit(resumed, train, val, config(best, last).withEpochs(4)); // epochs 2 (again), 3, 4: 0.25, 0.375, 0.5

        assertThat(ModelFileInfo.read(best).weightsEpoch()).isEqualTo(2);
        assertThat(WbcModel.load(best).network().params()).isEqualTo(epoch2);
        assertThat(resumed.weightsEpoch()).as("memory holds what model.wbc holds").isEqualTo(2);
        assertThat(resumed.network().params()).isEqualTo(epoch2);
    }

    @Test
    void aDeletedBestFileIsWrittenAgainByTheNextEpoch() throws Exception {
        Path best = dir.resolve("model.wbc");
        Path last = dir.resolve("last.wbc");
        WbcModel model = TinyModelsAccess.dense(5, 1e-2);
        ScriptedValidation val = new ScriptedValidation(model, 0.75, 0.5, 0.25);
        DataSetIterator train = TinyModelsAccess.separable(16, 16, 1);
        Trainer.fit(model, train, val, config(best, last).withEpochs(2));
        java.nio.file.Files.delete(best);
        WbcModel resumed = WbcModel.load(last);
        val.model = resumed;
        Trainer.fit(resumed, train, val, config(best, last).withEpochs(3));
        assertThat(ModelFileInfo.read(best).weightsEpoch()).isEqualTo(3);
    }

    @Test
    void aNumberedBestOnlyCheckpointWritesTheImprovingEpochs() throws Exception {
        WbcModel model = TinyModelsAccess.dense(5, 1e-2);
        ScriptedValidation val = new ScriptedValidation(model, 0.5, 0.25, 0.75);
        Trainer.fit(model, TinyModelsAccess.separable(16, 16, 1), val, QUIET.withEpochs(3)
                .withCallbacks(List.of(new ModelCheckpoint(dir.resolve("m-{epoch}.wbc"), "val_accuracy", true))));
        try (var files = java.nio.file.Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly("m-01.wbc", "m-03.wbc");
        }
    }

    private static void copy(Path from, Path to) {
        try {
            java.nio.file.Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void earlyStoppingCountsAcrossTheResumeAsInOneRun() {
        double[] script = {0.5, 0.75, 0.5, 0.625, 0.5, 0.5, 0.5};
        // Patience 3: epochs 3, 4, 5 do not beat 0.75, so one uninterrupted run stops after epoch 5.
        WbcModel straight = TinyModelsAccess.dense(5, 1e-2);
        Trainer.fit(straight, TinyModelsAccess.separable(16, 16, 1), new ScriptedValidation(straight, script),
                QUIET.withEpochs(7).withCallbacks(List.of(new EarlyStopping("val_accuracy", 3, false))));
        assertThat(straight.history().epochs()).hasSize(5);

        WbcModel model = TinyModelsAccess.dense(5, 1e-2);
        ScriptedValidation val = new ScriptedValidation(model, script);
        Trainer.fit(model, TinyModelsAccess.separable(16, 16, 1), val,
                QUIET.withEpochs(4).withCallbacks(List.of(new EarlyStopping("val_accuracy", 3, false))));
        EarlyStopping resumed = new EarlyStopping("val_accuracy", 3, false);
        resumed.onTrainBegin(CallbackFixtures.context(model, 7));
        assertThat(resumed.waited()).isEqualTo(2);
        assertThat(resumed.bestEpoch()).isEqualTo(2);
        Trainer.fit(model, TinyModelsAccess.separable(16, 16, 1), val, QUIET.withEpochs(7).withCallbacks(List.of(resumed)));
        assertThat(model.history().epochs()).hasSize(5);
        assertThat(model.history().stopReason()).isEqualTo(straight.history().stopReason())
                .contains("did not improve for 3 epochs (best 0.7500 at epoch 2)");
    }

    @Test
    void reduceLrOnPlateauContinuesItsCountersAndRateAcrossTheResume() {
        double[] script = {0.5, 0.5, 0.5, 0.75, 0.5, 0.5, 0.5, 0.5};
        List<Float> straightRates = rates(runWithPlateau(script, 8, 0));
        List<Float> resumedRates = rates(runWithPlateau(script, 8, 3));
        // Patience 2, cooldown 1, traced by hand: epochs 2-3 do not improve, so epoch 3 halves the rate (epoch 4
        // runs at 5e-3, in cooldown, and improves); epochs 5-6 do not, so epoch 6 halves it again.
        assertThat(straightRates).containsExactly(1e-2f, 1e-2f, 1e-2f, 5e-3f, 5e-3f, 5e-3f, 2.5e-3f, 2.5e-3f);
        assertThat(resumedRates).isEqualTo(straightRates);
    }

    /** Trains with a plateau schedule, interrupted after {@code stopAfter} epochs (0: not interrupted) and resumed from its file. */
    private WbcModel runWithPlateau(double[] script, int epochs, int stopAfter) {
        WbcModel model = TinyModelsAccess.dense(5, 1e-2);
        ScriptedValidation val = new ScriptedValidation(model, script);
        DataSetIterator train = TinyModelsAccess.separable(16, 16, 1);
        if (stopAfter == 0) {
            Trainer.fit(model, train, val, QUIET.withEpochs(epochs).withCallbacks(List.of(plateau())));
            return model;
        }
        Path last = dir.resolve("plateau-last.wbc");
        Trainer.fit(model, train, val, QUIET.withEpochs(stopAfter)
                .withCallbacks(List.of(plateau(), new ModelCheckpoint(last, "loss", false))));
        WbcModel resumed = WbcModel.load(last);
        val.model = resumed;
        Trainer.fit(resumed, train, val, QUIET.withEpochs(epochs).withCallbacks(List.of(plateau())));
        return resumed;
    }

    private static ReduceLROnPlateau plateau() {
        return new ReduceLROnPlateau("val_accuracy", 0.5, 2, 0, 1, 0);
    }

    /** The rates as the network's float32 parameters hold them. */
    private static List<Float> rates(WbcModel m) {
        List<Float> out = new ArrayList<>();
        for (EpochRecord r : m.history().epochs()) {
            out.add((float) r.learningRate());
        }
        return out;
    }

    private static TrainingConfig config(Path best, Path last, TrainingCallback... extra) {
        List<TrainingCallback> callbacks = new ArrayList<>(List.of(EarlyStopping.restoreBest("val_accuracy"),
                new ModelCheckpoint(best, "val_accuracy", true), new ModelCheckpoint(last, "loss", false)));
        callbacks.addAll(List.of(extra));
        return QUIET.withCallbacks(callbacks);
    }

    /**
     * Eight validation images whose labels are set, each epoch, so that the model answers exactly
     * the scripted share of them right: the first k get the model's own answer, the rest another class.
     */
    static final class ScriptedValidation extends ListDataSetIterator<DataSet> {
        WbcModel model;
        private final double[] accuracies;
        private int epoch;

        ScriptedValidation(WbcModel model, double... accuracies) {
            super(TinyModelsAccess.separable(2, 8, 9).next().asList(), 8);
            this.model = model;
            this.accuracies = accuracies;
        }

        @Override
        public DataSet next() {
            DataSet base = super.next(8);
            INDArray features = base.getFeatures();
            long[] predicted = model.output(features).argMax(1).toLongVector();
            int n = predicted.length;
            long right = Math.round(accuracies[epoch++] * n);
            INDArray labels = Nd4j.zeros(features.dataType(), n, 4);
            for (int i = 0; i < n; i++) {
                labels.putScalar(i, i < right ? predicted[i] : (predicted[i] + 1) % 4, 1.0);
            }
            return new DataSet(features, labels);
        }
    }
}
