package io.github.wbczoo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrainingHistoryTest {
    @Test
    void jsonRoundTripKeepsEveryFieldAndMissingValidation() {
        TrainingHistory h = new TrainingHistory();
        h.add(new EpochRecord(1, 1.5, 0.3, 1.4, 0.35, 1.0, 400.0, 10.0));
        h.add(new EpochRecord(2, 1.0, 0.6, null, null, 0.3, 410.5, 9.5));
        h.stopReason("early stopping");
        String json = h.toJson();
        assertThat(json).contains("\"valLoss\" : null", "\"imagesPerSec\" : 410.5", "\"stopReason\" : \"early stopping\"");
        TrainingHistory back = TrainingHistory.fromJson(json);
        assertThat(back.epochs()).isEqualTo(h.epochs());
        assertThat(back.stopReason()).isEqualTo("early stopping");
    }

    @Test
    void epochsMustComeInOrder() {
        TrainingHistory h = new TrainingHistory();
        h.add(new EpochRecord(1, 1, 0, null, null, 1, 1, 1));
        assertThatThrownBy(() -> h.add(new EpochRecord(3, 1, 0, null, null, 1, 1, 1)))
                .hasMessage("Epoch 3 added after epoch 1");
    }

    @Test
    void metricsAreNamedAsInKeras() {
        EpochRecord r = new EpochRecord(4, 0.5, 0.8, 0.6, 0.75, 0.01, 1, 1);
        assertThat(r.metric("loss")).isEqualTo(0.5);
        assertThat(r.metric("accuracy")).isEqualTo(0.8);
        assertThat(r.metric("val_loss")).isEqualTo(0.6);
        assertThat(r.metric("val_accuracy")).isEqualTo(0.75);
        assertThat(r.metric("lr")).isEqualTo(0.01);
        assertThatThrownBy(() -> r.metric("val_f1"))
                .hasMessage("Unknown metric 'val_f1'; expected one of loss, accuracy, val_loss, val_accuracy, lr");
    }
}
