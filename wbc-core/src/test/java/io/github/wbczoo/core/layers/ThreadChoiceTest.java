package io.github.wbczoo.core.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import io.github.wbczoo.core.WbcBackend;
import java.util.List;
import java.util.function.LongSupplier;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * A small convolution pass is timed on one thread and on all during its first calls and again
 * later, keeps the faster by the median, and gives the same numbers whichever version runs; large
 * passes, the switch turned off and a one-thread caller skip the timing.
 */
class ThreadChoiceTest {
    static {
        WbcBackend.init();   // before ND4J's native ops load: it points them at the backend's properties
    }

    private static final NativeOps OPS = NativeOpsHolder.getInstance().getDeviceNativeOps();
    /** myCnn.v9's stage-1 block convolution, batch 4: 16 -> 16 channels, 3x3, 60x80, padding 1. */
    private static final long N = 4, C = 16, H = 60, W = 80, O = 16;

    private int threadsBefore;
    private final stream stream = new stream(Dnnl.ENGINE);
    private final INDArray input = Nd4j.rand(DataType.FLOAT, N, C, H, W).subi(0.5);
    private final INDArray weights = Nd4j.rand(DataType.FLOAT, O, C, 3, 3).subi(0.5);
    private final INDArray output = Nd4j.create(DataType.FLOAT, N, O, H, W);
    private final IntMemoryMap args = new IntMemoryMap();
    private int clockReads;

    @BeforeEach
    void twoThreads() {
        WbcBackend.init();
        threadsBefore = OPS.ompGetMaxThreads();
        OPS.setOmpNumThreads(2);   // the benchmark machine's count, whatever this one has
        args.put(DNNL_ARG_SRC, new memory(desc(new long[]{N, C, H, W}, memory.format_tag.nchw), Dnnl.ENGINE,
                        Dnnl.address(input)))
                .put(DNNL_ARG_WEIGHTS, new memory(desc(new long[]{O, C, 3, 3}, memory.format_tag.oihw), Dnnl.ENGINE,
                        Dnnl.address(weights)))
                .put(DNNL_ARG_DST, new memory(desc(new long[]{N, O, H, W}, memory.format_tag.nchw), Dnnl.ENGINE,
                        Dnnl.address(output)));
    }

    @AfterEach
    void restore() {
        OPS.setOmpNumThreads(threadsBefore);
    }

    @Test
    void timesBothVersionsInTurnThenKeepsTheFasterByTheMedian() {
        float[] expected = referenceConvolution();
        // First round: one thread takes 5 units per call except one quick outlier (1), all threads take 3,
        // so all are faster. Second round: one thread takes 2, all threads 3 except an outlier (1).
        ThreadChoice<convolution_forward.primitive_desc> pass = forward(true, true, clock(
                new long[]{9, 5, 1, 5, 9, 2, 2, 2}, new long[]{9, 3, 3, 3, 1, 3, 1, 3}));
        assertThat(pass.choosing()).isTrue();
        int secondRoundEnds = 2 * ThreadChoice.CALLS_PER_ROUND + ThreadChoice.FIRST_GAP;
        // After the second round the gap doubles: no timing in the next 2 x FIRST_GAP calls.
        for (int call = 1; call <= secondRoundEnds + 2 * ThreadChoice.FIRST_GAP; call++) {
            output.assign(Float.NaN);
            pass.execute(stream, args);
            Boolean expectedChoice = call < ThreadChoice.CALLS_PER_ROUND ? null
                    : call < secondRoundEnds ? Boolean.FALSE : Boolean.TRUE;
            assertThat(pass.onOneThread()).as("chosen after call %d", call).isEqualTo(expectedChoice);
            assertCloseTo(output.data().asFloat(), expected);
        }
        assertThat(clockReads).as("the clock is read around the timed calls only")
                .isEqualTo(2 * 2 * ThreadChoice.CALLS_PER_ROUND);
    }

    @Test
    void eachVersionIsMadeUnderItsOwnThreadCount() {
        // oneDNN's primitive cache keys on the thread count when a primitive is made: a one-thread
        // version made under two threads would come back as the other version's kernel.
        List<Integer> descThreads = new java.util.ArrayList<>();
        List<Integer> primitiveThreads = new java.util.ArrayList<>();
        convolution_forward.desc d = convolution();
        ThreadChoice<convolution_forward.primitive_desc> pass = ThreadChoice.of(true, () -> {
            descThreads.add(OPS.ompGetMaxThreads());
            return new convolution_forward.primitive_desc(d, Dnnl.ENGINE);
        }, pd -> {
            primitiveThreads.add(OPS.ompGetMaxThreads());
            return new convolution_forward(pd);
        }, pd -> List.of(pd.src_desc(), pd.weights_desc(), pd.dst_desc()), true, countingClock());
        assertThat(pass.choosing()).isTrue();
        assertThat(descThreads).containsExactly(1, 2);
        assertThat(primitiveThreads).containsExactly(1, 2);
    }

    @Test
    void largePassesRunOnAllThreadsWithoutTiming() {
        ThreadChoice<convolution_forward.primitive_desc> pass = forward(false, true, countingClock());
        assertThat(pass.choosing()).isFalse();
        assertThat(pass.onOneThread()).isFalse();
        pass.execute(stream, args);
        assertCloseTo(output.data().asFloat(), referenceConvolution());
        assertThat(clockReads).isZero();
    }

    @Test
    void switchedOffTheSmallPassStaysOnOneThread() {
        ThreadChoice<convolution_forward.primitive_desc> pass = forward(true, false, countingClock());
        assertThat(pass.choosing()).isFalse();
        assertThat(pass.onOneThread()).isTrue();
        pass.execute(stream, args);
        assertCloseTo(output.data().asFloat(), referenceConvolution());
        assertThat(clockReads).isZero();
    }

    @Test
    void aCallerOnOneThreadHasNothingToChoose() {
        ThreadChoice<convolution_forward.primitive_desc> pass = Dnnl.onOneThreadIf(true,
                () -> forward(true, true, countingClock()));
        assertThat(pass.choosing()).isFalse();
        assertThat(pass.onOneThread()).isTrue();
        assertThat(OPS.ompGetMaxThreads()).isEqualTo(2);
    }

    private ThreadChoice<convolution_forward.primitive_desc> forward(boolean small, boolean enabled, LongSupplier clock) {
        convolution_forward.desc d = convolution();
        return ThreadChoice.of(small, () -> new convolution_forward.primitive_desc(d, Dnnl.ENGINE),
                convolution_forward::new, pd -> List.of(pd.src_desc(), pd.weights_desc(), pd.dst_desc()), enabled, clock);
    }

    /** The test's convolution: 3x3, padding 1, plain layouts. */
    private static convolution_forward.desc convolution() {
        return new convolution_forward.desc(prop_kind.forward_inference, algorithm.convolution_direct,
                desc(new long[]{N, C, H, W}, memory.format_tag.nchw), desc(new long[]{O, C, 3, 3}, memory.format_tag.oihw),
                desc(new long[]{N, O, H, W}, memory.format_tag.nchw), new long[]{1, 1}, new long[]{0, 0},
                new long[]{1, 1}, new long[]{1, 1});
    }

    private static memory.desc desc(long[] dims, memory.format_tag tag) {
        return new memory.desc(dims, memory.data_type.f32, tag);
    }

    /** A clock under which the i-th call of the one-thread version lasts {@code one[i]} and of the other {@code all[i]}. */
    private LongSupplier clock(long[] one, long[] all) {
        long[] now = {0};
        return () -> {
            int read = clockReads++;
            if (read % 2 == 1) {
                int call = read / 2;
                now[0] += (call % 2 == 0 ? one : all)[call / 2];
            }
            return now[0];
        };
    }

    private LongSupplier countingClock() {
        return () -> clockReads++;
    }

    /** The convolution computed here in plain loops, zero padding of one pixel, in double. */
    private float[] referenceConvolution() {
        float[] in = input.data().asFloat();
        float[] w = weights.data().asFloat();
        float[] out = new float[(int) (N * O * H * W)];
        for (int n = 0; n < N; n++) {
            for (int o = 0; o < O; o++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        double sum = 0;
                        for (int c = 0; c < C; c++) {
                            for (int ky = 0; ky < 3; ky++) {
                                int iy = y + ky - 1;
                                if (iy < 0 || iy >= H) {
                                    continue;
                                }
                                for (int kx = 0; kx < 3; kx++) {
                                    int ix = x + kx - 1;
                                    if (ix >= 0 && ix < W) {
                                        sum += in[(int) (((n * C + c) * H + iy) * W + ix)] * w[((o * (int) C + c) * 3 + ky) * 3 + kx];
                                    }
                                }
                            }
                        }
                        out[(int) (((n * O + o) * H + y) * W + x)] = (float) sum;
                    }
                }
            }
        }
        return out;
    }

    private static void assertCloseTo(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= 1e-5f)) {
                throw new AssertionError("value " + i + ": " + actual[i] + " against " + expected[i]);
            }
        }
    }
}
