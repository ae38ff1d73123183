package io.github.wbczoo.core.train;

import static io.github.wbczoo.core.train.CallbackFixtures.epoch;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.wbczoo.core.WbcModel;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

    @Test
    void stopsAfterPatienceAndRestoresTheBestEpoch() {
        WbcModel model = CallbackFixtures.model(0.1);
        TrainingContext ctx = CallbackFixtures.context(model, 10);
        EarlyStopping cb = new EarlyStopping("val_accuracy", 2, true);
        cb.onTrainBegin(ctx);
        double[] acc = {0.5, 0.7, 0.6, 0.65};
        for (int e = 1; e <= acc.length; e++) {
            model.network().params().assign(e); // weights that tell which epoch they came from
            cb.onEpochEnd(epoch(e, 1.0, acc[e - 1]), ctx);
            assertThat(ctx.stopRequested()).as("stop after epoch %d", e).isEqualTo(e == 4);
        }
        cb.onTrainEnd(ctx);
        assertThat(cb.bestEpoch()).isEqualTo(2);
        assertThat(model.network().params().minNumber().doubleValue()).isEqualTo(2.0);
        assertThat(model.network().params().maxNumber().doubleValue()).isEqualTo(2.0);
        assertThat(ctx.stopReason()).isEqualTo("early stopping: val_accuracy did not improve for 2 epochs (best 0.7000 at epoch 2)");
    }

    @Test
    void restoresBestWeightsEvenWhenItDidNotStop() {
        WbcModel model = CallbackFixtures.model(0.1);
        TrainingContext ctx = CallbackFixtures.context(model, 3);
        EarlyStopping cb = EarlyStopping.restoreBest("val_loss");
        cb.onTrainBegin(ctx);
        double[] loss = {0.9, 0.4, 0.6};
        for (int e = 1; e <= loss.length; e++) {
            model.network().params().assign(10 * e);
            cb.onEpochEnd(epoch(e, loss[e - 1], 0.5), ctx);
        }
        assertThat(ctx.stopRequested()).isFalse();
        cb.onTrainEnd(ctx);
        assertThat(model.network().params().meanNumber().doubleValue()).isEqualTo(20.0);
    }

    @Test
    void minDeltaIgnoresTinyImprovements() {
        WbcModel model = CallbackFixtures.model(0.1);
        TrainingContext ctx = CallbackFixtures.context(model, 5);
        EarlyStopping cb = new EarlyStopping("val_loss", 1, 0.05, false);
        cb.onTrainBegin(ctx);
        cb.onEpochEnd(epoch(1, 1.0, 0), ctx);
        cb.onEpochEnd(epoch(2, 0.97, 0), ctx); // better, but by less than 0.05
        assertThat(ctx.stopRequested()).isTrue();
        assertThat(cb.bestEpoch()).isEqualTo(1);
    }
}
