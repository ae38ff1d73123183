package io.github.wbczoo.core.layers;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Collection;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max pooling that remembers, in the training forward pass, which input won each window, so the
 * backward pass is a single scatter of the incoming gradient; inference runs the same code and keeps
 * nothing. DL4J M2.1's max pooling (the {@code maxpool2d}
 * op and its oneDNN helper) recomputes the pooling in the backward pass and measured 5-10x slower
 * than PyTorch's there ({@code bench/NOTES.md}); this layer's plain loops over the planes are
 * memory-bound, like PyTorch's. Same configuration as {@link SubsamplingLayer} (kernel, stride,
 * padding, Truncate or Same mode), same output; other pooling types, NHWC data, dilation, input
 * dropout or data types other than float and double go to DL4J's own implementation.
 * Ties go to the first maximum in row-major order, as in PyTorch.
 *
 * <p>Float data go to oneDNN's vectorised kernel on its blocked channel layout ({@link DnnlMaxPooling}) when
 * direct oneDNN calls are on ({@link DirectOneDnn}): 5-20x faster than these loops, reorders included. Without
 * it (switched off with {@code -Dwbc.dnnl=false} or {@code -Dwbc.pooling.dnnl=false}, double data, a shape
 * oneDNN rejects), small planes whose windows overlap down the rows (Inception's 3x3 stride-1 pool at 80x60)
 * go to DL4J's own pooling, which measured faster there, and the rest to these loops.
 *
 * <p>Usage: {@code IndexedMaxPooling.of(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())}
 */
public class IndexedMaxPooling extends SubsamplingLayer {

    /** For JSON deserialisation. */
    public IndexedMaxPooling() {
    }

    /** The same configuration as {@code built}, with the indexed implementation. */
    public static IndexedMaxPooling of(SubsamplingLayer built) {
        return ForwardReuse.copyOf(built, SubsamplingLayer.class, new IndexedMaxPooling());
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        return ForwardReuse.wire(new Impl(conf, networkDataType), conf, listeners, layerIndex, paramsView,
                initializeParams, initializer());
    }

    /**
     * Planes of at most this many values go to libnd4j's pooling where it is faster (see {@code libnd4jIsFaster});
     * a system property; tests set 0 to run these loops at every size.
     */
    static volatile long libnd4jPlaneValues = Long.getLong("wbc.pooling.libnd4jPlaneValues", 8192);

    /**
     * Whether float pooling goes to oneDNN's blocked-layout kernel ({@link DnnlMaxPooling}) when direct oneDNN
     * calls are on ({@link DirectOneDnn}); a system property, and a switch for tests and comparisons.
     */
    static volatile boolean oneDnn = !"false".equalsIgnoreCase(System.getProperty("wbc.pooling.dnnl"));

    /** Input values from which the planes are pooled in parallel; a system property, measured on the 2-core machine. */
    static final long PARALLEL_INPUT_VALUES = Long.getLong("wbc.pooling.parallelInputValues", 1L << 20);

    /** The runtime layer. */
    static final class Impl extends org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer {
        /** Per output element, the winning input's offset within its plane; kept from a training forward pass. */
        private transient int[] winners;
        private transient INDArray winnersInput;
        private transient int[] spare;
        private transient DnnlMaxPooling dnnl;
        /** Whether this layer's readers leave its output as it is, so it may offer its blocked copy ({@link BlockedOutputs}). */
        private volatile boolean sharesBlockedOutput;
        private volatile boolean sharesBlockedInputGradient;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        /** Lets this layer offer its blocked output to its readers ({@link BlockedOutputs#markSharingLayers}). */
        void sharesBlockedOutput(boolean shares) {
            sharesBlockedOutput = shares;
        }

        /** Lets this layer offer its blocked input gradient to the layer before ({@link BlockedOutputs}). */
        void sharesBlockedInputGradient(boolean shares) {
            sharesBlockedInputGradient = shares;
        }

        boolean handlesItself() {
            SubsamplingLayer c = layerConf();
            return c.getPoolingType() == org.deeplearning4j.nn.conf.layers.PoolingType.MAX && c.getCnn2dDataFormat() == CNN2DFormat.NCHW
                    && (c.getConvolutionMode() == ConvolutionMode.Truncate || c.getConvolutionMode() == ConvolutionMode.Same
                        || c.getConvolutionMode() == ConvolutionMode.Strict)
                    && c.getDilation()[0] == 1 && c.getDilation()[1] == 1 && c.getIDropout() == null
                    && input != null && input.rank() == 4
                    && (input.dataType() == DataType.FLOAT || input.dataType() == DataType.DOUBLE);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(false);
            winners = null;
            winnersInput = null;
            if (dnnl != null) {
                dnnl.clear();
            }
            if (!FastLayers.enabled() || !handlesItself()) {
                return super.activate(training, workspaceMgr);
            }
            Geometry g = geometry(input);
            // In inference libnd4j's forward is faster on small overlapping planes (no reorders: 19-28 ms against
            // 51 for 32x320x60x80, 3x3 stride 1); in training oneDNN's backward wins (85 ms against 240 in all).
            boolean toLibnd4j = libnd4jIsFaster();
            if (input.dataType() == DataType.FLOAT && oneDnn && DirectOneDnn.enabled() && (training || !toLibnd4j)) {
                INDArray x = Dnnl.dense(input);
                INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
                        new long[] {g.n, g.c, g.outH, g.outW}, 'c');
                if (dnnl == null) {
                    dnnl = new DnnlMaxPooling();
                }
                if (dnnl.forward(g.dnnlKey(), input, x, out, training)) {
                    if (sharesBlockedOutput) {
                        dnnl.offerBlockedOutput(out);
                    }
                    return out;
                }
            }
            if (toLibnd4j) {
                return super.activate(training, workspaceMgr);
            }
            // Inference too: libnd4j's oneDNN pooling on NCHW arrays runs oneDNN's plain-layout kernel, which
            // took more time than every convolution of myCnn.v9 in ./wbc evaluate (bench/NOTES.md 14).
            INDArray x = contiguous(input);
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(),
                    new long[] {g.n, g.c, g.outH, g.outW}, 'c');
            int outputs = g.planes() * g.outH * g.outW;
            // The winners array is reused from step to step (same shapes), sparing the garbage collector.
            int[] won = spare != null && spare.length == outputs ? spare : new int[outputs];
            spare = won;
            if (x.dataType() == DataType.FLOAT) {
                forwardFloat(g, x.data().asNioFloat(), out.data().asNioFloat(), won);
            } else {
                forwardDouble(g, x.data().asNioDouble(), out.data().asNioDouble(), won);
            }
            if (training) {   // only a training pass is followed by this layer's backward pass
                winners = won;
                winnersInput = input;
            }
            return out;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            if (dnnl != null && dnnl.canBackward(input)) {
                INDArray grad = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
                dnnl.backward(input, Dnnl.dense(epsilon.castTo(DataType.FLOAT)), grad, sharesBlockedInputGradient);
                return new Pair<>(new DefaultGradient(), grad);
            }
            if (dnnl != null) {
                dnnl.lastCallDirect = false;
            }
            if (winners == null || winnersInput != input) {
                return super.backpropGradient(epsilon, workspaceMgr);
            }
            Geometry g = geometry(input);
            INDArray eps = contiguous(epsilon.castTo(input.dataType()));
            int[] won = winners;
            winners = null;
            winnersInput = null;
            // Zeroed: overlapping windows add up, and inputs no window picked get no gradient.
            INDArray grad = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
            if (input.dataType() == DataType.FLOAT) {
                backwardFloat(g, eps.data().asNioFloat(), grad.data().asNioFloat(), won);
            } else {
                backwardDouble(g, eps.data().asNioDouble(), grad.data().asNioDouble(), won);
            }
            return new Pair<>(new DefaultGradient(), grad);
        }

        /** Whether the last forward or backward pass ran through oneDNN's blocked-layout kernel. */
        boolean ranDirectly() {
            return dnnl != null && dnnl.lastCallDirect;
        }

        @Override
        public void clear() {
            super.clear();
            winners = null;
            winnersInput = null;
            if (dnnl != null) {
                dnnl.clear();
            }
        }

        /**
         * Float path, the one training uses. Each plane is copied to a heap array first: plain array
         * loops are several times faster than element-wise access to the off-heap buffer.
         */
        private static void forwardFloat(Geometry g, FloatBuffer x, FloatBuffer out, int[] won) {
            int planeIn = g.h * g.w;
            int planeOut = g.outH * g.outW;
            planes(g).forEach(p -> {
                float[] in = PLANE_IN.get().floats(planeIn);
                float[] res = PLANE_OUT.get().floats(planeOut);
                x.get(p * planeIn, in, 0, planeIn);
                int o0 = p * planeOut;
                int o = 0;
                if (g.isTwoByTwoStrideTwo()) {
                    forwardTwoByTwo(g, in, res, won, o0);
                    out.put(o0, res, 0, planeOut);
                    return;
                }
                for (int i = 0; i < g.outH; i++) {
                    int r0 = g.firstRow(i);
                    int r1 = g.endRow(i);
                    for (int j = 0; j < g.outW; j++, o++) {
                        int c0 = g.firstCol(j);
                        int c1 = g.endCol(j);
                        float best = Float.NEGATIVE_INFINITY;
                        int bestAt = r0 * g.w + c0;
                        for (int r = r0; r < r1; r++) {
                            for (int at = r * g.w + c0, end = r * g.w + c1; at < end; at++) {
                                float v = in[at];
                                boolean take = v > best;   // a select, not a branch (see forwardTwoByTwo)
                                best = take ? v : best;
                                bestAt = take ? at : bestAt;
                            }
                        }
                        res[o] = best;
                        won[o0 + o] = bestAt;
                    }
                }
                out.put(o0, res, 0, planeOut);
            });
        }

        /**
         * 2x2 windows at stride 2 without padding (myCnn, the UNet encoder, Keras 'valid'), every window
         * whole: the four comparisons unrolled, as selects rather than branches (random activations make
         * a branch a coin toss). Same order and the same strict {@code >} as the general loop, so the
         * same winner, ties and NaNs included.
         */
        private static void forwardTwoByTwo(Geometry g, float[] in, float[] res, int[] won, int o0) {
            int w = g.w;
            int o = 0;
            for (int i = 0; i < g.outH; i++) {
                int row = 2 * i * w;
                for (int j = 0; j < g.outW; j++, o++) {
                    int a = row + 2 * j;
                    float best = Float.NEGATIVE_INFINITY;
                    int bestAt = a;
                    float v = in[a];
                    boolean take = v > best;
                    best = take ? v : best;
                    bestAt = take ? a : bestAt;
                    v = in[a + 1];
                    take = v > best;
                    best = take ? v : best;
                    bestAt = take ? a + 1 : bestAt;
                    v = in[a + w];
                    take = v > best;
                    best = take ? v : best;
                    bestAt = take ? a + w : bestAt;
                    v = in[a + w + 1];
                    take = v > best;
                    best = take ? v : best;
                    bestAt = take ? a + w + 1 : bestAt;
                    res[o] = best;
                    won[o0 + o] = bestAt;
                }
            }
        }

        /** A scatter straight into the zeroed off-heap gradient: measured faster than copying whole planes. */
        private static void backwardFloat(Geometry g, FloatBuffer eps, FloatBuffer grad, int[] won) {
            planes(g).forEach(p -> {
                int in0 = p * g.h * g.w;
                int out0 = p * g.outH * g.outW;
                for (int o = out0; o < out0 + g.outH * g.outW; o++) {
                    int at = in0 + won[o];
                    grad.put(at, grad.get(at) + eps.get(o));
                }
            });
        }

        /** Double path (gradient checks): element-wise buffer access is fast enough there. */
        private static void backwardDouble(Geometry g, DoubleBuffer eps, DoubleBuffer grad, int[] won) {
            planes(g).forEach(p -> {
                int in0 = p * g.h * g.w;
                int out0 = p * g.outH * g.outW;
                for (int o = out0; o < out0 + g.outH * g.outW; o++) {
                    int at = in0 + won[o];
                    grad.put(at, grad.get(at) + eps.get(o));
                }
            });
        }

        private static void forwardDouble(Geometry g, DoubleBuffer x, DoubleBuffer out, int[] won) {
            planes(g).forEach(p -> {
                int in0 = p * g.h * g.w;
                int o = p * g.outH * g.outW;
                for (int i = 0; i < g.outH; i++) {
                    int r0 = g.firstRow(i);
                    int r1 = g.endRow(i);
                    for (int j = 0; j < g.outW; j++, o++) {
                        int c0 = g.firstCol(j);
                        int c1 = g.endCol(j);
                        double best = Double.NEGATIVE_INFINITY;
                        int bestAt = r0 * g.w + c0;
                        for (int r = r0; r < r1; r++) {
                            for (int c = c0; c < c1; c++) {
                                double v = x.get(in0 + r * g.w + c);
                                if (v > best) {
                                    best = v;
                                    bestAt = r * g.w + c;
                                }
                            }
                        }
                        out.put(o, best);
                        won[o] = bestAt;
                    }
                }
            });
        }

        /**
         * The planes, spread over the cores when the input is large: waking a sleeping pool thread costs
         * more than pooling a small input (myCnn's later stages) on the calling thread.
         */
        private static IntStream planes(Geometry g) {
            IntStream planes = IntStream.range(0, g.planes());
            return (long) g.planes() * g.h * g.w >= PARALLEL_INPUT_VALUES ? planes.parallel() : planes;
        }

        /**
         * Small planes go to DL4J's own pooling (libnd4j's oneDNN kernel), which is fast there and slow on
         * large ones; these loops cost about the same per output at any size. Measured with workspaces, 2
         * threads, forward / forward and backward, libnd4j against these loops: 32x320x60x80 3x3 stride 1
         * 31 / 196 ms against 459 / 480 (the Inception towers' pool), 32x32x60x80 2x2 stride 2 2.4 / 91 ms
         * against 12.1 / 15.0, 32x16x120x160 2x2 stride 2 51 / 195 against 20.6 / 28.0 (myCnn's first
         * stage). So: small planes whose windows overlap down the rows (stride 1), in training and
         * inference. Not 2x2 stride 2: libnd4j's backward recomputes the forward, and in inference
         * myCnn.v9 measured 429-434 img/s with its small-plane pools on libnd4j against 505-521 on these.
         */
        private boolean libnd4jIsFaster() {
            SubsamplingLayer c = layerConf();
            boolean smallPlanes = input.size(2) * input.size(3) <= libnd4jPlaneValues;
            return smallPlanes && c.getStride()[0] == 1 && c.getKernelSize()[0] > 1;
        }

        private Geometry geometry(INDArray x) {
            SubsamplingLayer c = layerConf();
            int[] kernel = c.getKernelSize();
            int[] stride = c.getStride();
            int[] dilation = c.getDilation();
            ConvolutionMode mode = c.getConvolutionMode();
            int h = (int) x.size(2);
            int w = (int) x.size(3);
            int[] outSize = ConvolutionUtils.getOutputSize(x, kernel, stride, c.getPadding(), mode, dilation, CNN2DFormat.NCHW);
            int[] pad = mode == ConvolutionMode.Same
                    ? ConvolutionUtils.getSameModeTopLeftPadding(outSize, new int[] {h, w}, kernel, stride, dilation)
                    : c.getPadding();
            return new Geometry((int) x.size(0), (int) x.size(1), h, w, outSize[0], outSize[1],
                    kernel[0], kernel[1], stride[0], stride[1], pad[0], pad[1]);
        }

        private static INDArray contiguous(INDArray a) {
            boolean plain = a.ordering() == 'c' && !a.isView() && a.elementWiseStride() == 1;
            return plain ? a : a.dup('c');
        }
    }

    /** A per-thread scratch array that grows to the largest plane seen. */
    private static final class Scratch {
        private float[] floats = new float[0];

        float[] floats(int n) {
            if (floats.length < n) {
                floats = new float[n];
            }
            return floats;
        }
    }

    private static final ThreadLocal<Scratch> PLANE_IN = ThreadLocal.withInitial(Scratch::new);
    private static final ThreadLocal<Scratch> PLANE_OUT = ThreadLocal.withInitial(Scratch::new);

    private record Geometry(int n, int c, int h, int w, int outH, int outW, int kH, int kW,
                            int strideH, int strideW, int padTop, int padLeft) {
        int planes() {
            return n * c;
        }

        DnnlMaxPooling.Key dnnlKey() {
            return new DnnlMaxPooling.Key(n, c, h, w, outH, outW, kH, kW, strideH, strideW, padTop, padLeft);
        }

        /** 2x2 windows at stride 2, no padding, so every window lies inside the input. */
        boolean isTwoByTwoStrideTwo() {
            return kH == 2 && kW == 2 && strideH == 2 && strideW == 2 && padTop == 0 && padLeft == 0
                    && 2 * outH <= h && 2 * outW <= w;
        }

        /** The window of output row {@code i}: input rows firstRow(i) (inclusive) to endRow(i), padding cut off. */
        int firstRow(int i) {
            return Math.max(i * strideH - padTop, 0);
        }

        int endRow(int i) {
            return Math.min(i * strideH - padTop + kH, h);
        }

        /** The window of output column {@code j}, as for rows. */
        int firstCol(int j) {
            return Math.max(j * strideW - padLeft, 0);
        }

        int endCol(int j) {
            return Math.min(j * strideW - padLeft + kW, w);
        }
    }
}
