package io.github.wbczoo.core.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wbczoo.core.WbcBackend;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/** Which direct oneDNN primitives run on the calling thread alone, and that the thread count comes back. */
class DnnlThreadsTest {
    static {
        WbcBackend.init();   // before ND4J's native ops load: it points them at the backend's properties
    }

    private static final NativeOps OPS = NativeOpsHolder.getInstance().getDeviceNativeOps();
    private int threadsBefore;

    @BeforeEach
    void twoThreads() {
        WbcBackend.init();
        threadsBefore = OPS.ompGetMaxThreads();
        OPS.setOmpNumThreads(2);   // the benchmark machine's count, whatever this one has
    }

    @AfterEach
    void restore() {
        OPS.setOmpNumThreads(threadsBefore);
    }

    @Test
    void smallConvolutionsRunOnOneThreadLargeOnesOnAll() {
        // myCnn.v9's stage-1 block convolution, batch 4: 2 x 4 x 16 x 60 x 80 x 16 x 9 operations.
        DnnlConvHelper.Key block = new DnnlConvHelper.Key(4, 16, 60, 80, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 60, 80, true,
                false);
        assertThat(block.flops()).isEqualTo(88_473_600L);
        assertThat(Dnnl.convolutionOnOneThread(block.flops())).isTrue();
        // resNet18's 64 -> 64 convolution at 60x80, batch 4: 1.4 GFLOP.
        DnnlConvHelper.Key resNet = new DnnlConvHelper.Key(4, 64, 60, 80, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 60, 80, true,
                false);
        assertThat(resNet.flops()).isEqualTo(1_415_577_600L);
        assertThat(Dnnl.convolutionOnOneThread(resNet.flops())).isFalse();
    }

    @Test
    void passesAndBatchNormsFollowTheirSizes() {
        assertThat(Dnnl.passOnOneThread(4L * 16 * 60 * 80 * Float.BYTES)).isTrue();        // 1.2 MB
        assertThat(Dnnl.passOnOneThread(4L * 64 * 120 * 160 * Float.BYTES)).isFalse();     // 19.7 MB
        assertThat(Dnnl.batchNormOnOneThread(4L * 64 * 120 * 160, true)).isTrue();         // resNet18's stem, training
        assertThat(Dnnl.batchNormOnOneThread(4L * 64 * 120 * 160, false)).isFalse();        // the same in inference
        assertThat(Dnnl.batchNormOnOneThread(32L * 64 * 120 * 160, true)).isFalse();
    }

    @Test
    void oneThreadInsideAndTheCallersCountAfter() {
        AtomicInteger inside = new AtomicInteger();
        Dnnl.onOneThreadIf(true, () -> inside.set(OPS.ompGetMaxThreads()));
        assertThat(inside.get()).isEqualTo(1);
        assertThat(OPS.ompGetMaxThreads()).isEqualTo(2);

        assertThat(Dnnl.onOneThreadIf(false, OPS::ompGetMaxThreads)).isEqualTo(2);

        Runnable failing = () -> {
            throw new IllegalStateException("inside");
        };
        assertThatThrownBy(() -> Dnnl.onOneThreadIf(true, failing)).hasMessage("inside");
        assertThat(OPS.ompGetMaxThreads()).isEqualTo(2);
    }
}
