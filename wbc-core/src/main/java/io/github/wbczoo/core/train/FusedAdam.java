package io.github.wbczoo.core.train;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * DL4J's {@link Adam}, the same configuration, state and update, computed by one pass in Java over
 * cache-sized chunks that the JIT vectorises, instead of libnd4j's {@code adam_updater} op. That op
 * took 1.2-1.4 ms per step for myCnn.v9's 754 K parameters on the 2-core machine; this pass 0.42-0.46 ms
 * ({@code bench/NOTES.md} section 18). The formula is libnd4j's, in
 * float: {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2}, update {@code = m alpha_t /
 * (sqrt(v) + eps)} with {@code alpha_t = lr sqrt(1 - b2^t) / (1 - b1^t)}; results agree with it to
 * float rounding (the bias corrections' powers are computed in double here). One difference: every
 * {@value #FLUSH_EVERY}th step it sets subnormal moments (below 2^-126) to 0, and their updates with them, because
 * arithmetic on them is an order of magnitude slower ({@link #FLUSH_EVERY}).
 *
 * <p>Everything else is {@link Adam}'s: equal configurations compare equal, the state is laid out as
 * {@link AdamUpdater}'s (so checkpoints resume either way), and arrays that are not dense float fall
 * back to libnd4j's op. The zoo's builders use it wherever a recipe says Adam ({@link #of}); switch it
 * off with {@code -Dwbc.fusedAdam=false}, which applies to networks built afterwards: a model file names
 * the updater it was saved with (this class since session 9), so a saved model resumes with that one,
 * and loading such a file needs wbc-core on the classpath (as its layers already do).
 *
 * <p>Usage: {@code builder.updater(FusedAdam.of(new Adam(1e-3)))}
 */
public class FusedAdam extends Adam {
    /** The system property that turns the replacement off ({@code false}). */
    public static final String PROPERTY = "wbc.fusedAdam";

    /** Values per chunk: three chunks of floats stay in the L1/L2 cache. */
    private static final int CHUNK = 4096;

    /**
     * Every this many iterations the pass sets the moments' subnormal values to 0. A parameter whose gradient stays
     * 0 (a dead unit) has its first moment decay by beta1 a step down through the subnormal range, about 150 steps
     * long, where every multiplication with it takes a microcode assist: with 5% of myCnn.v9's moments there, the
     * pass took twice as long (section 25). Such a moment moves its parameter by less than 1e-30 of the learning rate.
     */
    static final int FLUSH_EVERY = 16;

    /** Fewest values worth a thread of their own. */
    static final long VALUES_PER_THREAD = 1 << 18;

    /** For JSON deserialisation. */
    public FusedAdam() {
    }

    /** {@code updater} as a FusedAdam when it is exactly DL4J's {@link Adam} and the switch is on, else itself. */
    public static IUpdater of(IUpdater updater) {
        if (updater == null || updater.getClass() != Adam.class
                || "false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            return updater;
        }
        return copy((Adam) updater);
    }

    private static FusedAdam copy(Adam a) {
        FusedAdam f = new FusedAdam();
        f.setLearningRate(a.getLearningRate());
        f.setLearningRateSchedule(a.getLearningRateSchedule() == null ? null : a.getLearningRateSchedule().clone());
        f.setBeta1(a.getBeta1());
        f.setBeta2(a.getBeta2());
        f.setEpsilon(a.getEpsilon());
        return f;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        return new Updater((AdamUpdater) super.instantiate(viewArray, initializeViewArray));
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        return new Updater((AdamUpdater) super.instantiate(updaterState, initializeStateArrays));
    }

    @Override
    public FusedAdam clone() {
        return copy(this);
    }

    /** {@link AdamUpdater} with the fused pass; its state arrays are the ones {@link Adam} set up. */
    static final class Updater extends AdamUpdater {
        private static final ThreadLocal<float[][]> CHUNKS = ThreadLocal.withInitial(() -> new float[3][CHUNK]);
        /** Whether the last update ran the fused pass (false: libnd4j's op); for tests. */
        volatile boolean lastFused;

        Updater(AdamUpdater configured) {
            super(configured.getConfig());
            setM(configured.getM());
            setV(configured.getV());
            setGradientReshapeOrder(configured.getGradientReshapeOrder());
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            INDArray m = getM();
            INDArray v = getV();
            long n = gradient.length();
            if (m == null || v == null || !fusable(gradient, n) || !fusable(m, n) || !fusable(v, n)) {
                lastFused = false;
                super.applyUpdater(gradient, iteration, epoch);
                return;
            }
            lastFused = true;
            Adam c = getConfig();
            float beta1 = (float) c.getBeta1();
            float beta2 = (float) c.getBeta2();
            float epsilon = (float) c.getEpsilon();
            float lr = (float) c.getLearningRate(iteration, epoch);
            float t = iteration + 1;
            float alpha = (float) (lr * Math.sqrt(1.0 - Math.pow(beta2, t)) / (1.0 - Math.pow(beta1, t)));
            if (Float.isNaN(alpha) || Float.isInfinite(alpha) || alpha == 0) {
                alpha = epsilon; // as libnd4j's op
            }
            FloatBuffer g = buffer(gradient, n);
            FloatBuffer mb = buffer(m, n);
            FloatBuffer vb = buffer(v, n);
            boolean flush = iteration % FLUSH_EVERY == 0;
            int parts = parts(n);
            if (parts == 1) {
                update(g, mb, vb, 0, (int) n, beta1, beta2, epsilon, alpha, flush);
                return;
            }
            // Element-wise, so the split changes nothing but who computes which values.
            int per = (int) ((n / parts + CHUNK - 1) / CHUNK * CHUNK);
            float a = alpha;
            IntStream.range(0, parts).parallel().forEach(p -> update(g, mb, vb, p * per,
                    (int) Math.min(n, (long) (p + 1) * per), beta1, beta2, epsilon, a, flush));
        }

        /**
         * How many threads share a pass over {@code n} values: one below {@link #VALUES_PER_THREAD} each, else
         * the common pool's threads and the caller. The pass is bound by memory bandwidth, which one core does
         * not fill: 11.2 M values (resNet18) 22 -> 12 ms on two threads, 754 K 1.3 -> 1.0-1.1 ms (section 25).
         * The OpenMP team is idle while the updater runs.
         */
        static int parts(long n) {
            int threads = ForkJoinPool.getCommonPoolParallelism() + 1;
            return (int) Math.max(1, Math.min(threads, n / VALUES_PER_THREAD));
        }

        private static void update(FloatBuffer g, FloatBuffer m, FloatBuffer v, int from, int to, float beta1,
                                   float beta2, float epsilon, float alpha, boolean flush) {
            float[][] chunks = CHUNKS.get();
            float[] gc = chunks[0];
            float[] mc = chunks[1];
            float[] vc = chunks[2];
            float mbeta1 = 1 - beta1;
            float mbeta2 = 1 - beta2;
            for (int start = from; start < to; start += CHUNK) {
                int len = Math.min(CHUNK, to - start);
                g.get(start, gc, 0, len);
                m.get(start, mc, 0, len);
                v.get(start, vc, 0, len);
                for (int i = 0; i < len; i++) {
                    float gi = gc[i];
                    float mi = beta1 * mc[i] + gi * mbeta1;
                    float vi = beta2 * vc[i] + gi * gi * mbeta2;
                    mc[i] = mi;
                    vc[i] = vi;
                    gc[i] = mi * alpha / ((float) Math.sqrt(vi) + epsilon);
                }
                if (flush) {
                    // A loop of its own: a branch in the one above stops C2 from vectorising it.
                    flushSubnormals(mc, gc, len);
                    flushSubnormals(vc, null, len);
                }
                g.put(start, gc, 0, len);
                m.put(start, mc, 0, len);
                v.put(start, vc, 0, len);
            }
        }

        /** Sets the subnormal values of {@code a} to 0, and the same updates in {@code update} (0 times alpha). */
        static void flushSubnormals(float[] a, float[] update, int len) {
            for (int i = 0; i < len; i++) {
                if (a[i] != 0 && Math.abs(a[i]) < Float.MIN_NORMAL) {
                    a[i] = 0;
                    if (update != null) {
                        update[i] = 0;
                    }
                }
            }
        }

        /** Dense float values in one run of memory, of the expected length. */
        private static boolean fusable(INDArray a, long n) {
            // One NIO buffer of 4n bytes: at most Integer.MAX_VALUE bytes.
            return a.dataType() == DataType.FLOAT && a.length() == n && n <= Integer.MAX_VALUE / 4
                    && (a.isVector() || a.isScalar())
                    && a.elementWiseStride() == 1;
        }

        /** The array's own values (a view's, from its offset on) as a buffer. */
        private static FloatBuffer buffer(INDArray a, long n) {
            FloatPointer p = new FloatPointer(a.data().addressPointer());
            p.position(0).limit(n).capacity(n);
            return p.asBuffer();
        }
    }
}
