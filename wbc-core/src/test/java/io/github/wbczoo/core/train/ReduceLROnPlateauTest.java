package io.github.wbczoo.core.train;

import static io.github.wbczoo.core.train.CallbackFixtures.epoch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.wbczoo.core.WbcModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReduceLROnPlateauTest {

    /**
     * Traced by hand through Keras' ReduceLROnPlateau.on_epoch_end (factor 0.5, patience 2,
     * min_delta 0.01, cooldown 1, min_lr 0.02): e2 and e3 do not beat 1.0 by 0.01 so e3 halves;
     * e4 is in cooldown but improves; e5, e6 plateau so e6 halves; e7 leaves cooldown and counts;
     * e8 reduces to the floor 0.02; e10 would reduce but the rate is already at min_lr.
     */
    @Test
    void followsKerasSemanticsForPatienceMinDeltaCooldownAndFloor() {
        WbcModel model = CallbackFixtures.model(0.1);
        TrainingContext ctx = CallbackFixtures.context(model, 10);
        ReduceLROnPlateau cb = new ReduceLROnPlateau("val_loss", 0.5, 2, 0.01, 1, 0.02);
        cb.onTrainBegin(ctx);
        double[] valLoss = {1.0, 0.995, 0.99, 0.98, 0.98, 0.98, 0.98, 0.98, 0.98, 0.98};
        List<Double> rates = new ArrayList<>();
        for (int e = 0; e < valLoss.length; e++) {
            cb.onEpochEnd(epoch(e + 1, valLoss[e], 0.5), ctx);
            rates.add(model.learningRate());
        }
        double[] expected = {0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02, 0.02};
        for (int e = 0; e < expected.length; e++) {
            assertThat(rates.get(e)).as("lr after epoch %d", e + 1).isCloseTo(expected[e], within(1e-9));
        }
    }

    @Test
    void accuracyIsMaximised() {
        WbcModel model = CallbackFixtures.model(1.0);
        TrainingContext ctx = CallbackFixtures.context(model, 5);
        ReduceLROnPlateau cb = new ReduceLROnPlateau("val_accuracy", 0.3, 1);
        cb.onTrainBegin(ctx);
        cb.onEpochEnd(epoch(1, 1, 0.5), ctx);
        cb.onEpochEnd(epoch(2, 1, 0.6), ctx);
        assertThat(model.learningRate()).isCloseTo(1.0, within(1e-9));
        cb.onEpochEnd(epoch(3, 1, 0.55), ctx);
        assertThat(model.learningRate()).isCloseTo(0.3, within(1e-9));
        assertThat(cb.monitor().mode()).isEqualTo(Monitor.Mode.MAX);
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> new ReduceLROnPlateau("val_loss", 1.5, 2))
                .hasMessage("ReduceLROnPlateau factor must be in (0, 1), got 1.5");
        assertThatThrownBy(() -> new ReduceLROnPlateau("val_f1", 0.5, 2)).hasMessageContaining("Unknown metric 'val_f1'");
    }
}
