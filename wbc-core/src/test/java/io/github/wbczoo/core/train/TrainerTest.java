package io.github.wbczoo.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wbczoo.core.EpochRecord;
import io.github.wbczoo.core.TrainingHistory;
import io.github.wbczoo.core.WbcModel;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

class TrainerTest {
    private static final TrainingConfig QUIET = TrainingConfig.defaults().withProgress(ProgressReporter.silent());

    @Test
    void lossFallsAndHistoryRecordsEveryEpoch() {
        WbcModel model = io.github.wbczoo.core.TinyModelsAccess.dense(5, 1e-2);
        DataSetIterator train = io.github.wbczoo.core.TinyModelsAccess.separable(64, 16, 1);
        DataSetIterator val = io.github.wbczoo.core.TinyModelsAccess.separable(16, 16, 2);

        TrainingHistory h = Trainer.fit(model, train, val, QUIET.withEpochs(8));

        List<EpochRecord> epochs = h.epochs();
        assertThat(epochs).hasSize(8);
        assertThat(epochs).extracting(EpochRecord::epoch).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(epochs.get(7).trainLoss()).isLessThan(epochs.get(0).trainLoss() * 0.5);
        assertThat(epochs.get(7).valAccuracy()).isGreaterThan(0.9);
        assertThat(epochs.get(7).valLoss()).isLessThan(epochs.get(0).valLoss());
        assertThat(epochs).allSatisfy(e -> {
            assertThat(e.learningRate()).isEqualTo(1e-2);
            assertThat(e.imagesPerSec()).isPositive();
            assertThat(e.seconds()).isPositive();
            assertThat(e.trainAccuracy()).isBetween(0.0, 1.0);
        });
        // Four balanced, separable classes: a trained network spreads its answers over them.
        assertThat(epochs.get(7).valTopClassShare()).isBetween(0.25, 0.5);
        assertThat(epochs.get(7).collapsed()).isFalse();
        assertThat(model.history()).isSameAs(h);
    }

    @Test
    void everyTrainingAndValidationBatchIsHandedBackOnceItsStepIsDone() {
        WbcModel model = io.github.wbczoo.core.TinyModelsAccess.dense(5, 1e-2);
        Recycling train = new Recycling(io.github.wbczoo.core.TinyModelsAccess.separable(16, 16, 1)); // 64 images: 4 batches
        Recycling val = new Recycling(io.github.wbczoo.core.TinyModelsAccess.separable(8, 16, 2));    // 32 images: 2 batches
        Trainer.fit(model, train, val, QUIET.withEpochs(3));
        assertThat(train.recycled).isEqualTo(12);
        assertThat(val.recycled).isEqualTo(6);
        assertThat(model.history().last().valAccuracy()).isBetween(0.0, 1.0);
    }

    /** Hands out a list iterator's batches and checks each comes back as the last one handed out, still whole. */
    private static final class Recycling implements DataSetIterator, BatchRecycling {
        private final DataSetIterator inner;
        private org.nd4j.linalg.dataset.DataSet last;
        int recycled;

        Recycling(DataSetIterator inner) {
            this.inner = inner;
        }

        @Override
        public void recycle(org.nd4j.linalg.dataset.DataSet batch) {
            assertThat(batch).isSameAs(last);
            assertThat(batch.getFeatures()).isNotNull();
            recycled++;
        }

        @Override
        public boolean hasNext() {
            return inner.hasNext();
        }

        @Override
        public org.nd4j.linalg.dataset.DataSet next() {
            last = inner.next();
            return last;
        }

        @Override
        public org.nd4j.linalg.dataset.DataSet next(int num) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int inputColumns() {
            return inner.inputColumns();
        }

        @Override
        public int totalOutcomes() {
            return inner.totalOutcomes();
        }

        @Override
        public boolean resetSupported() {
            return true;
        }

        @Override
        public boolean asyncSupported() {
            return false;
        }

        @Override
        public void reset() {
            inner.reset();
        }

        @Override
        public int batch() {
            return inner.batch();
        }

        @Override
        public void setPreProcessor(org.nd4j.linalg.dataset.api.DataSetPreProcessor p) {
            inner.setPreProcessor(p);
        }

        @Override
        public org.nd4j.linalg.dataset.api.DataSetPreProcessor getPreProcessor() {
            return inner.getPreProcessor();
        }

        @Override
        public List<String> getLabels() {
            return inner.getLabels();
        }
    }

    @Test
    void resumingContinuesTheEpochNumbering() {
        WbcModel model = io.github.wbczoo.core.TinyModelsAccess.dense(5, 1e-2);
        DataSetIterator train = io.github.wbczoo.core.TinyModelsAccess.separable(16, 16, 1);
        Trainer.fit(model, train, null, QUIET.withEpochs(2));
        Trainer.fit(model, train, null, QUIET.withEpochs(4));
        assertThat(model.history().epochs()).extracting(EpochRecord::epoch).containsExactly(1, 2, 3, 4);
        assertThat(model.history().last().valLoss()).isNull();
    }

    @Test
    void earlyStoppingEndsTheRunAndIsRecorded() {
        WbcModel model = io.github.wbczoo.core.TinyModelsAccess.dense(5, 1e-9); // learns nothing: plateau
        DataSetIterator train = io.github.wbczoo.core.TinyModelsAccess.separable(8, 16, 1);
        DataSetIterator val = io.github.wbczoo.core.TinyModelsAccess.separable(8, 16, 2);
        TrainingHistory h = Trainer.fit(model, train, val, QUIET.withEpochs(20)
                .withCallbacks(List.of(new EarlyStopping("val_loss", 2, 0.01, true))));
        assertThat(h.epochs()).hasSize(3);
        assertThat(h.stopReason()).startsWith("early stopping: val_loss did not improve for 2 epochs");
    }

    @Test
    void deadReluNetworkIsReportedAsCollapsed() {
        WbcModel model = io.github.wbczoo.core.TinyModelsAccess.dense(5, 1e-9);
        MultiLayerNetwork net = (MultiLayerNetwork) model.network();
        // Every hidden ReLU dead (bias -100 against inputs near 0..1): the output is its bias alone, favouring class 2.
        net.getLayer(0).setParam("b", Nd4j.valueArrayOf(new long[] {1, 8}, -100f));
        net.getLayer(2).setParam("b", Nd4j.createFromArray(new float[][] {{0f, 0f, 3f, 0f}}));
        DataSetIterator data = io.github.wbczoo.core.TinyModelsAccess.separable(8, 16, 2);

        EpochRecord e = Trainer.fit(model, data, data, QUIET.withEpochs(1)).last();

        assertThat(e.valTopClassShare()).isEqualTo(1.0);
        assertThat(e.valAccuracy()).isEqualTo(0.25);
        assertThat(e.collapsed()).isTrue();
        assertThat(ConsoleProgress.summary(e, 1)).contains(
                "WARNING: 100% of validation images got the same class: the network has collapsed to one answer");
    }

    @Test
    void multiOutputGraphTrainsOnLabelsAndReconstruction() {
        WbcModel model = io.github.wbczoo.core.TinyModelsAccess.jointGraph(3);
        DataSetIterator train = io.github.wbczoo.core.TinyModelsAccess.separable(64, 16, 1);
        TrainingHistory h = Trainer.fit(model, train, train, QUIET.withEpochs(6));
        assertThat(h.last().trainLoss()).isLessThan(h.epochs().get(0).trainLoss());
        assertThat(h.last().valAccuracy()).isGreaterThan(0.8);
    }
}
