package io.github.wbczoo.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wbczoo.core.EpochRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PlainProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong();

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsALineAtMostEveryIntervalThroughTrainingAndValidation() {
        PlainProgress p = new PlainProgress(out, 30, now::get);
        p.epochStarted(2, 12, 400);
        for (int b = 1; b <= 10; b++) {
            now.addAndGet(10_000_000_000L); // 10 s a batch of 40 images
            p.batchFinished(40, 1.0 + b);
        }
        p.trainingFinished();
        p.validationStarted(100);
        now.addAndGet(31_000_000_000L);
        p.validationBatchFinished(50);
        p.epochFinished(new EpochRecord(2, 1.5, 0.5, 1.2, 0.25, 1e-4, 4.0, 131, 0.5), 12);

        String[] lines = printed().split("\n");
        // 10 s per batch, 30 s interval: lines after batches 3, 6 and 9
        assertThat(lines).hasSize(5);
        assertThat(lines[0]).isEqualTo("epoch 2/12 training: 120/400 images (30%), 4.0 img/s, loss 3.0000, about 1m 10s left");
        assertThat(lines[1]).startsWith("epoch 2/12 training: 240/400 images (60%)");
        assertThat(lines[2]).isEqualTo("epoch 2/12 training: 360/400 images (90%), 4.0 img/s, loss 6.0000, about 10s left");
        assertThat(lines[3]).isEqualTo("epoch 2/12 validating: 50/100 images (50%), 1.6 img/s, about 31s left");
        assertThat(lines[4]).startsWith("epoch 2/12: loss 1.5000 acc 0.500 | val_loss 1.2000 val_acc 0.250 | lr 0.000100 |");
    }

    @Test
    void unknownSizesAndZeroInterval() {
        PlainProgress p = new PlainProgress(out, 0, now::get);
        p.epochStarted(1, 1, -1);
        now.addAndGet(2_000_000_000L);
        p.batchFinished(8, 0.5);
        assertThat(printed()).isEqualTo("epoch 1/1 training: 8 images, 4.0 img/s, loss 0.5000\n");
    }

    @Test
    void durationsReadLikeAClock() {
        assertThat(PlainProgress.duration(45)).isEqualTo("45s");
        assertThat(PlainProgress.duration(200)).isEqualTo("3m 20s");
        assertThat(PlainProgress.duration(3900)).isEqualTo("1h 05m");
    }

    @Test
    void aNegativeIntervalIsRefused() {
        assertThatThrownBy(() -> new PlainProgress(out, -1))
                .hasMessage("The progress interval must be 0 or more seconds, got -1.0");
    }
}
