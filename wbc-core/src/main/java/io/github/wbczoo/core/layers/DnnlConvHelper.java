package io.github.wbczoo.core.layers;

import io.github.wbczoo.core.layers.Dnnl.ReorderedMemory;
import java.util.List;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.eltwise_backward;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.stream;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static io.github.wbczoo.core.layers.Dnnl.ENGINE;
import static io.github.wbczoo.core.layers.Dnnl.address;
import static io.github.wbczoo.core.layers.Dnnl.copy;
import static io.github.wbczoo.core.layers.Dnnl.dense;
import static io.github.wbczoo.core.layers.Dnnl.internal;
import static io.github.wbczoo.core.layers.Dnnl.isDense;
import static io.github.wbczoo.core.layers.Dnnl.plain;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.algorithm;
import static org.bytedeco.dnnl.global.dnnl.prop_kind;

/**
 * A convolution layer's helper that calls oneDNN directly and keeps, per input shape, what
 * libnd4j's op rebuilds on every call: the forward, backward-data and backward-weights primitives,
 * oneDNN's preferred (blocked) buffers and the reorders between them and ND4J's NCHW arrays. The
 * output gradient is reordered once for both backward passes, and the gradient with respect to the
 * network's input is skipped when nobody needs it ({@link InputGradients}).
 *
 * <p>It extends libnd4j's helper so that DL4J treats it as the oneDNN helper (no stand-in bias
 * gradient for bias-free layers), and hands every case it does not cover to it: direct calls
 * switched off ({@link DirectOneDnn}), non-float data, NHWC, causal padding, dilation (no zoo
 * model dilates; libnd4j's op rejects it too and DL4J computes it itself), or a shape oneDNN rejects. ND4J's arrays are wrapped, never copied, when they are dense and in C order.
 *
 * <p>A ReLU layer's activation can run inside the convolution ({@link #fuseReluIntoNextForward}): a
 * post-op in the forward primitive, and in the backward pass one oneDNN ReLU-gradient pass over the
 * reordered output gradient that reads the forward output the plan still holds in its own buffer.
 * That replaces four passes of libnd4j's over the output (ReLU, the kept sign pattern, its cast and
 * the ReLU derivative). When the plan ran again in between, the layer falls back to DL4J's backward.
 *
 * <p>A plan whose convolution is small runs each pass on the calling thread alone or on all threads,
 * whichever its latest round of timed calls found faster on this machine ({@link ThreadChoice}); every small reorder
 * runs on the calling thread alone ({@link Dnnl#onOneThreadIf}).
 */
final class DnnlConvHelper extends MKLDNNConvHelper {

    private final stream stream = new stream(ENGINE);
    private final Dnnl.Plans<Key, Plan> plans = new Dnnl.Plans<>("convolution");
    private final boolean layerHasBias;
    private volatile boolean readsNetworkInput;
    /** Whether this layer's readers leave its output as it is, so it may offer its blocked copy ({@link BlockedOutputs}). */
    private volatile boolean sharesOutput;
    /** Whether the gradient at this layer's input goes, unchanged, to one layer that can read its blocked copy. */
    private volatile boolean sharesInputGradient;
    /** The output and plan of the last forward pass through this helper's primitives. */
    private INDArray lastOut;
    private Plan lastPlan;
    /** Whether the last call of either pass ran through this helper's own primitives (for tests). */
    volatile boolean lastCallDirect;
    /** Set by the layer around its forward pass: the next {@code preOutput} applies the ReLU itself. */
    private boolean reluNext;
    private boolean trainingNext;
    /** The last output that already went through the ReLU, so {@link #activate} must not apply it again. */
    private INDArray reluApplied;
    /** What the backward pass of the last training forward with the ReLU inside needs; null when none. */
    private FusedForward fused;

    /** @param layerHasBias whether the layer has biases (DL4J hands bias-free layers zeros in the forward pass) */
    DnnlConvHelper(DataType dataType, boolean layerHasBias) {
        super(dataType);
        this.layerHasBias = layerHasBias;
    }

    /** Marks this layer as the one reading the network's input (its input gradient is then optional). */
    void readsNetworkInput(boolean reads) {
        readsNetworkInput = reads;
    }

    /** Lets this layer offer its blocked output to the next layer ({@link BlockedOutputs#markSharingLayers}). */
    void sharesOutput(boolean shares) {
        sharesOutput = shares;
    }

    /** Lets this layer offer its blocked input gradient to the layer before ({@link BlockedOutputs#markSharingLayers}). */
    void sharesInputGradient(boolean shares) {
        sharesInputGradient = shares;
    }

    /**
     * Called by a ReLU layer around its forward pass ({@code on} before, off after): the next
     * {@link #preOutput} returns the ReLU of the convolution, and after a training pass keeps what
     * {@link #backpropAfterFusedRelu} needs.
     */
    void fuseReluIntoNextForward(boolean on, boolean training) {
        reluNext = on;
        trainingNext = training;
    }

    /** Whether the last forward pass over exactly {@code input} was a training pass with the ReLU inside. */
    boolean fusedReluFor(INDArray input) {
        return fused != null && fused.input == input;
    }

    @Override
    public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
                              ConvolutionLayer.AlgoMode mode, ConvolutionLayer.FwdAlgo fwdAlgo,
                              ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format,
                              LayerWorkspaceMgr workspaceMgr) {
        boolean relu = reluNext;
        reluNext = false;
        reluApplied = null;
        fused = null;
        boolean hasBias = bias != null && layerHasBias;
        Plan plan = plan(input, weights, hasBias, kernel, strides, pad, convolutionMode, dilation, format, relu);
        lastCallDirect = plan != null;
        lastOut = null;
        lastPlan = plan;
        if (plan == null) {
            return super.preOutput(input, weights, bias, kernel, strides, pad, mode, fwdAlgo, convolutionMode, dilation,
                    format, workspaceMgr);
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, plan.key.outShape(), 'c');
        plan.forward(stream, dense(input), dense(weights), hasBias ? dense(bias) : null, out);
        lastOut = out;
        if (relu) {
            reluApplied = out;
            fused = trainingNext ? new FusedForward(plan, plan.runs, input) : null;
        }
        return out;
    }

    /** The layer's activation of {@code z}: nothing more to do when the convolution applied the ReLU already. */
    @Override
    public INDArray activate(INDArray z, IActivation afn, boolean training) {
        if (z == reluApplied) {
            reluApplied = null;
            offerBlockedOutput(z);
            return z;
        }
        if (afn instanceof ActivationIdentity) {
            offerBlockedOutput(z);   // the identity leaves z as the convolution wrote it
        }
        return super.activate(z, afn, training);
    }

    /** Offers the plan's blocked copy of {@code output} when it is the last forward's, final, and kept in a buffer of the plan's own. */
    private void offerBlockedOutput(INDArray output) {
        Plan p = lastPlan;
        if (sharesOutput && output == lastOut && p != null && p.dst != p.userDst) {
            BlockedOutputs.offer(output, p.dst, p.dstDesc, p);
        }
    }

    /**
     * The backward pass of a ReLU layer whose last training forward pass, over {@code input}, ran
     * with the ReLU inside: {@code epsilon} is the gradient at the ReLU's output. Null when that
     * forward pass's output is gone (the plan ran again since) or the arrays do not fit; the layer
     * then computes the gradient the usual way.
     */
    Pair<Gradient, INDArray> backpropAfterFusedRelu(INDArray input, INDArray weights, INDArray bias, INDArray epsilon,
                                                    INDArray biasGradView, INDArray weightGradView,
                                                    LayerWorkspaceMgr workspaceMgr) {
        FusedForward f = fused;
        fused = null;
        if (f == null || f.input != input || f.plan.runs != f.run || !DirectOneDnn.enabled()) {
            return null;
        }
        boolean hasBias = f.plan.key.bias;
        if (hasBias && (bias == null || biasGradView == null)) {
            return null;
        }
        return backward(f.plan, input, weights, epsilon, biasGradView, weightGradView, hasBias, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias, INDArray delta,
                                                     int[] kernel, int[] strides, int[] pad, INDArray biasGradView,
                                                     INDArray weightGradView, IActivation afn,
                                                     ConvolutionLayer.AlgoMode mode,
                                                     ConvolutionLayer.BwdFilterAlgo bwdFilterAlgo,
                                                     ConvolutionLayer.BwdDataAlgo bwdDataAlgo,
                                                     ConvolutionMode convolutionMode, int[] dilation,
                                                     CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        boolean hasBias = bias != null && biasGradView != null && layerHasBias;
        Plan plan = plan(input, weights, hasBias, kernel, strides, pad, convolutionMode, dilation, format, false);
        Pair<Gradient, INDArray> direct = plan == null ? null
                : backward(plan, input, weights, delta, biasGradView, weightGradView, hasBias, workspaceMgr);
        if (direct == null) {
            lastCallDirect = false;
            return super.backpropGradient(input, weights, bias, delta, kernel, strides, pad, biasGradView, weightGradView,
                    afn, mode, bwdFilterAlgo, bwdDataAlgo, convolutionMode, dilation, format, workspaceMgr);
        }
        return direct;
    }

    /** Both backward passes through {@code plan}; null when the arrays do not fit it. */
    private Pair<Gradient, INDArray> backward(Plan plan, INDArray input, INDArray weights, INDArray delta,
                                              INDArray biasGradView, INDArray weightGradView, boolean hasBias,
                                              LayerWorkspaceMgr workspaceMgr) {
        if (!(isDense(weightGradView) && (!hasBias || isDense(biasGradView)) && delta.dataType() == DataType.FLOAT
                && java.util.Arrays.equals(delta.shape(), plan.key.outShape())
                && java.util.Arrays.equals(input.shape(), new long[]{plan.key.n, plan.key.c, plan.key.h, plan.key.w}))) {
            return null;
        }
        lastCallDirect = true;
        boolean inputGradient = !readsNetworkInput || InputGradients.needed();
        INDArray gradAtInput = inputGradient
                ? workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c') : null;
        plan.backward(stream, dense(input), dense(weights), dense(delta), weightGradView, hasBias ? biasGradView : null,
                gradAtInput, sharesInputGradient);
        Gradient g = new DefaultGradient();
        if (hasBias) {
            g.gradientForVariable().put(ConvolutionParamInitializer.BIAS_KEY, biasGradView);
        }
        g.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView);
        return new Pair<>(g, gradAtInput);
    }

    /** This shape's plan, built on first use; null when direct calls are off or cannot serve it. */
    private Plan plan(INDArray input, INDArray weights, boolean hasBias, int[] kernel, int[] strides, int[] pad,
                      ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format, boolean relu) {
        if (!DirectOneDnn.enabled() || format != CNN2DFormat.NCHW || input.dataType() != DataType.FLOAT
                || weights.dataType() != DataType.FLOAT || input.rank() != 4 || dilation[0] != 1 || dilation[1] != 1
                || (convolutionMode != ConvolutionMode.Truncate && convolutionMode != ConvolutionMode.Same
                && convolutionMode != ConvolutionMode.Strict)) {
            return null;
        }
        Key key = Key.of(input, weights, hasBias, kernel, strides, pad, convolutionMode, dilation, relu);
        // A geometry oneDNN has no kernel for goes to libnd4j's path from then on.
        return key == null ? null : plans.get(key, Plan::new);
    }

    /** A training forward pass with the ReLU inside: its plan, which run of it that was, and its input. */
    private record FusedForward(Plan plan, long run, INDArray input) {
    }

    /** One convolution's geometry; padding already resolved to top, left, bottom, right; whether a ReLU follows inside. */
    record Key(long n, long c, long h, long w, long o, int kh, int kw, int sh, int sw, int dh, int dw,
               int padTop, int padLeft, int padBottom, int padRight, long outH, long outW, boolean bias, boolean relu) {

        static Key of(INDArray input, INDArray weights, boolean bias, int[] kernel, int[] strides, int[] pad,
                      ConvolutionMode mode, int[] dilation, boolean relu) {
            long h = input.size(2);
            long w = input.size(3);
            int[] topLeft = pad;
            long outH;
            long outW;
            long dkh = (long) dilation[0] * (kernel[0] - 1) + 1;
            long dkw = (long) dilation[1] * (kernel[1] - 1) + 1;
            if (mode == ConvolutionMode.Same) {
                outH = (h + strides[0] - 1) / strides[0];
                outW = (w + strides[1] - 1) / strides[1];
                topLeft = ConvolutionUtils.getSameModeTopLeftPadding(new int[]{(int) outH, (int) outW},
                        new int[]{(int) h, (int) w}, kernel, strides, dilation);
            } else {
                outH = (h + 2L * pad[0] - dkh) / strides[0] + 1;
                outW = (w + 2L * pad[1] - dkw) / strides[1] + 1;
            }
            // libnd4j's rule for the far side: whatever makes the output size come out exactly.
            long bottom = (outH - 1) * strides[0] + dkh - h - topLeft[0];
            long right = (outW - 1) * strides[1] + dkw - w - topLeft[1];
            if (outH <= 0 || outW <= 0 || weights.size(1) != input.size(1)) {
                return null;
            }
            return new Key(input.size(0), input.size(1), h, w, weights.size(0), kernel[0], kernel[1], strides[0],
                    strides[1], dilation[0], dilation[1], topLeft[0], topLeft[1], (int) bottom, (int) right, outH, outW,
                    bias, relu);
        }

        long[] outShape() {
            return new long[]{n, o, outH, outW};
        }

        /** Floating-point operations of one pass (forward, backward data or backward weights: the same count). */
        long flops() {
            return 2L * n * o * outH * outW * c * kh * kw;
        }
    }

    /**
     * The primitives and buffers of one shape. "User" memories wrap ND4J arrays (their handles are
     * set on each call); the others are oneDNN's own, in the layouts its kernels chose, the same
     * object as the user memory when the layout is already NCHW / OIHW.
     */
    private static final class Plan implements BlockedOutputs.Owner {
        final Key key;
        final memory userSrc;
        final memory userWeights;
        final memory userBias;
        final memory userDst;
        final memory src;
        final memory weights;
        final memory dst;
        final ThreadChoice<convolution_forward.primitive_desc> forward;
        final IntMemoryMap forwardArgs = new IntMemoryMap();
        final convolution_forward.primitive_desc forwardDesc;
        final memory.desc srcMd;
        final memory.desc weightsMd;
        final memory.desc biasMd;
        final memory.desc dstMd;
        /** The layouts of {@link #src} and {@link #dst}. */
        final memory.desc srcDesc;
        final memory.desc dstDesc;
        final long[] strides;
        final long[] dilates;
        final long[] padL;
        final long[] padR;
        Backward backward;
        /** Forward passes so far: a fused ReLU's backward pass checks that its forward output is still the last. */
        long runs;
        /** The last forward pass's input, its run, and the layer before's blocked copy it read (null: it reordered into {@link #src}). */
        private INDArray forwardInput;
        private long forwardRun;
        private BlockedOutputs.Copy forwardCopy;
        /** Whether the convolution is small enough for its passes to try one thread ({@link ThreadChoice}). */
        final boolean oneThread;

        Plan(Key key) {
            this.key = key;
            oneThread = Dnnl.convolutionOnOneThread(key.flops());
            long[] srcDims = {key.n, key.c, key.h, key.w};
            long[] weightDims = {key.o, key.c, key.kh, key.kw};
            long[] dstDims = key.outShape();
            strides = new long[]{key.sh, key.sw};
            dilates = new long[]{key.dh - 1, key.dw - 1};
            padL = new long[]{key.padTop, key.padLeft};
            padR = new long[]{key.padBottom, key.padRight};
            memory.format_tag any = memory.format_tag.any;
            srcMd = new memory.desc(srcDims, memory.data_type.f32, any);
            weightsMd = new memory.desc(weightDims, memory.data_type.f32, any);
            biasMd = key.bias ? new memory.desc(new long[]{key.o}, memory.data_type.f32, memory.format_tag.x) : null;
            dstMd = new memory.desc(dstDims, memory.data_type.f32, any);
            convolution_forward.desc desc = key.bias
                    ? new convolution_forward.desc(prop_kind.forward_training, algorithm.convolution_direct, srcMd,
                    weightsMd, biasMd, dstMd, strides, dilates, padL, padR)
                    : new convolution_forward.desc(prop_kind.forward_training, algorithm.convolution_direct, srcMd,
                    weightsMd, dstMd, strides, dilates, padL, padR);
            primitive_attr attr = new primitive_attr();
            if (key.relu) {
                post_ops ops = new post_ops();
                ops.append_eltwise(1f, algorithm.eltwise_relu, 0f, 0f);
                attr.set_post_ops(ops);
            }
            forward = ThreadChoice.of(oneThread, () -> new convolution_forward.primitive_desc(desc, attr, ENGINE),
                    convolution_forward::new, pd -> List.of(pd.src_desc(), pd.weights_desc(), pd.dst_desc()));
            forwardDesc = forward.desc;
            userSrc = plain(srcDims, memory.format_tag.nchw);
            userWeights = plain(weightDims, memory.format_tag.oihw);
            userBias = key.bias ? new memory(biasMd, ENGINE, null) : null;
            userDst = plain(dstDims, memory.format_tag.nchw);
            srcDesc = forwardDesc.src_desc();
            dstDesc = forwardDesc.dst_desc();
            src = internal(srcDesc, userSrc);
            weights = internal(forwardDesc.weights_desc(), userWeights);
            // With the ReLU inside, the output stays in a buffer of the plan's own for the backward pass.
            dst = key.relu ? new ReorderedMemory(dstDesc, userDst) : internal(dstDesc, userDst);
            forwardArgs.put(DNNL_ARG_SRC, src).put(DNNL_ARG_WEIGHTS, weights).put(DNNL_ARG_DST, dst);
            if (key.bias) {
                forwardArgs.put(DNNL_ARG_BIAS, userBias);
            }
        }

        void forward(stream s, INDArray input, INDArray w, INDArray b, INDArray out) {
            userSrc.set_data_handle(address(input));
            userWeights.set_data_handle(address(w));
            if (userBias != null) {
                userBias.set_data_handle(address(b));
            }
            userDst.set_data_handle(address(out));
            // The layer before may still hold this input in the layout wanted here: read that instead of reordering.
            BlockedOutputs.Copy before = src == userSrc ? null : BlockedOutputs.findCopy(input, srcDesc, null);
            if (before == null) {
                copy(s, userSrc, src);
            }
            copy(s, userWeights, weights);
            Dnnl.withArgument(forwardArgs, DNNL_ARG_SRC, before == null ? null : before.blocked(), src,
                    () -> forward.execute(s, forwardArgs));
            copy(s, dst, userDst);
            s._wait();
            runs++;
            forwardInput = input;
            forwardRun = runs;
            forwardCopy = before;
        }

        /**
         * The last forward pass's input in {@link #srcDesc}'s layout when that pass was over {@code input} and the
         * copy is still held (the plan's own, or the layer before's); null otherwise.
         */
        memory blockedInputOf(INDArray input) {
            if (input != forwardInput || runs != forwardRun || src == userSrc) {
                return null;
            }
            if (forwardCopy != null) {
                return forwardCopy.valid() ? forwardCopy.blocked() : null;
            }
            return src;
        }

        /** The forward passes so far: each one writes {@link #dst}. */
        @Override
        public long writes() {
            return runs;
        }

        void backward(stream s, INDArray input, INDArray w, INDArray delta, INDArray weightGrad, INDArray biasGrad,
                      INDArray inputGrad, boolean shareInputGrad) {
            if (backward == null) {
                backward = new Backward(this);
            }
            backward.run(s, input, w, delta, weightGrad, biasGrad, inputGrad);
            if (shareInputGrad && inputGrad != null && backward.diffSrc != backward.userDiffSrc) {
                BlockedOutputs.offer(inputGrad, backward.diffSrc, backward.diffSrcDesc, backward.diffSrcWrites);
            }
        }
    }

    /** The backward primitives of a plan, built on the first backward pass (inference never needs them). */
    private static final class Backward {
        final Plan plan;
        final memory userDiffDst;
        final memory userDiffSrc;
        final memory userDiffWeights;
        final memory userDiffBias;
        final memory dataDiffDst;
        final memory weightsDiffDst;
        final memory weightsSrc;
        final memory dataWeights;
        final memory diffSrc;
        final memory.desc diffSrcDesc;
        /** Counts the data passes writing {@link #diffSrc}, whose blocked input gradient the layer before may read. */
        final BlockedOutputs.Writes diffSrcWrites = new BlockedOutputs.Writes();
        /** The layout of {@link #dataDiffDst}, in which the layer after may hold the output gradient. */
        final memory.desc dataDiffDstDesc;
        final memory diffWeights;
        final ThreadChoice<convolution_backward_data.primitive_desc> data;
        final ThreadChoice<convolution_backward_weights.primitive_desc> weights;
        final IntMemoryMap dataArgs = new IntMemoryMap();
        final IntMemoryMap weightsArgs = new IntMemoryMap();
        /** Whether the weights pass wants the input in the forward pass's layout, so it can read the forward's copy. */
        final boolean weightsReadForwardLayout;
        /** With the ReLU inside: the forward output in the output gradient's layout, and the ReLU's gradient pass. */
        final memory reluOutput;
        final primitive reluGradient;
        final IntMemoryMap reluArgs = new IntMemoryMap();
        final boolean reluOnOneThread;

        Backward(Plan p) {
            this.plan = p;
            Key key = p.key;
            data = ThreadChoice.of(p.oneThread,
                    () -> new convolution_backward_data.primitive_desc(new convolution_backward_data.desc(
                            algorithm.convolution_direct, p.srcMd, p.weightsMd, p.dstMd, p.strides, p.dilates, p.padL,
                            p.padR), ENGINE, p.forwardDesc),
                    convolution_backward_data::new,
                    pd -> List.of(pd.diff_dst_desc(), pd.weights_desc(), pd.diff_src_desc()));
            convolution_backward_data.primitive_desc dataDesc = data.desc;
            convolution_backward_weights.desc wd = key.bias
                    ? new convolution_backward_weights.desc(algorithm.convolution_direct, p.srcMd, p.weightsMd, p.biasMd,
                    p.dstMd, p.strides, p.dilates, p.padL, p.padR)
                    : new convolution_backward_weights.desc(algorithm.convolution_direct, p.srcMd, p.weightsMd, p.dstMd,
                    p.strides, p.dilates, p.padL, p.padR);
            weights = ThreadChoice.of(p.oneThread,
                    () -> new convolution_backward_weights.primitive_desc(wd, ENGINE, p.forwardDesc),
                    convolution_backward_weights::new,
                    pd -> List.of(pd.src_desc(), pd.diff_dst_desc(), pd.diff_weights_desc()));
            convolution_backward_weights.primitive_desc weightsDesc = weights.desc;
            userDiffDst = plain(key.outShape(), memory.format_tag.nchw);
            userDiffSrc = plain(new long[]{key.n, key.c, key.h, key.w}, memory.format_tag.nchw);
            userDiffWeights = plain(new long[]{key.o, key.c, key.kh, key.kw}, memory.format_tag.oihw);
            userDiffBias = key.bias ? new memory(p.biasMd, ENGINE, null) : null;
            // With the ReLU inside, its gradient is applied in place: never in DL4J's epsilon array, which
            // other layers may share (an addition hands one array to both its inputs).
            dataDiffDst = key.relu ? new ReorderedMemory(dataDesc.diff_dst_desc(), userDiffDst)
                    : internal(dataDesc.diff_dst_desc(), userDiffDst);
            weightsDiffDst = internal(weightsDesc.diff_dst_desc(), dataDiffDst);
            weightsSrc = internal(weightsDesc.src_desc(), p.userSrc);
            weightsReadForwardLayout = weightsSrc != p.userSrc && weightsDesc.src_desc().equals(p.srcDesc);
            dataWeights = internal(dataDesc.weights_desc(), p.userWeights);
            diffSrcDesc = dataDesc.diff_src_desc();
            dataDiffDstDesc = dataDesc.diff_dst_desc();
            diffSrc = internal(diffSrcDesc, userDiffSrc);
            diffWeights = internal(weightsDesc.diff_weights_desc(), userDiffWeights);
            dataArgs.put(DNNL_ARG_DIFF_DST, dataDiffDst).put(DNNL_ARG_WEIGHTS, dataWeights).put(DNNL_ARG_DIFF_SRC, diffSrc);
            weightsArgs.put(DNNL_ARG_DIFF_DST, weightsDiffDst).put(DNNL_ARG_SRC, weightsSrc)
                    .put(DNNL_ARG_DIFF_WEIGHTS, diffWeights);
            if (key.bias) {
                weightsArgs.put(DNNL_ARG_DIFF_BIAS, userDiffBias);
            }
            if (key.relu) {
                memory.desc d = dataDiffDst.get_desc();
                reluOutput = d.equals(p.dst.get_desc()) ? p.dst : new ReorderedMemory(d, p.dst);
                eltwise_forward.primitive_desc hint = new eltwise_forward.primitive_desc(new eltwise_forward.desc(
                        prop_kind.forward_training, algorithm.eltwise_relu_use_dst_for_bwd, d, 0f, 0f), ENGINE);
                reluGradient = new eltwise_backward(new eltwise_backward.primitive_desc(new eltwise_backward.desc(
                        algorithm.eltwise_relu_use_dst_for_bwd, d, d, 0f, 0f), ENGINE, hint));
                reluOnOneThread = Dnnl.passOnOneThread(d.get_size());
                reluArgs.put(DNNL_ARG_DST, reluOutput).put(DNNL_ARG_DIFF_DST, dataDiffDst).put(DNNL_ARG_DIFF_SRC, dataDiffDst);
            } else {
                reluOutput = null;
                reluGradient = null;
                reluOnOneThread = false;
            }
        }

        void run(stream s, INDArray input, INDArray w, INDArray delta, INDArray weightGrad, INDArray biasGrad,
                 INDArray inputGrad) {
            plan.userSrc.set_data_handle(address(input));
            plan.userWeights.set_data_handle(address(w));
            userDiffDst.set_data_handle(address(delta));
            userDiffWeights.set_data_handle(address(weightGrad));
            if (userDiffBias != null) {
                userDiffBias.set_data_handle(address(biasGrad));
            }
            // The output gradient is reordered once; the weights pass reads the data pass's copy. The layer after may
            // hold it in that layout already: the ReLU's gradient pass, or both passes, then read that copy instead.
            memory given = dataDiffDst == userDiffDst || (reluGradient == null && weightsDiffDst != dataDiffDst) ? null
                    : BlockedOutputs.find(delta, dataDiffDstDesc, null);
            if (given == null) {
                copy(s, userDiffDst, dataDiffDst);
            }
            if (reluGradient != null) {
                copy(s, plan.dst, reluOutput);
                // With a copy given, out of place: from it into dataDiffDst.
                Dnnl.withArgument(reluArgs, DNNL_ARG_DIFF_DST, given, dataDiffDst,
                        () -> Dnnl.onOneThreadIf(reluOnOneThread, () -> reluGradient.execute(s, reluArgs)));
            }
            memory bothRead = reluGradient == null ? given : null;
            Dnnl.withArgument(dataArgs, DNNL_ARG_DIFF_DST, bothRead, dataDiffDst,
                    () -> Dnnl.withArgument(weightsArgs, DNNL_ARG_DIFF_DST, bothRead, weightsDiffDst,
                            () -> passes(s, input, inputGrad)));
            s._wait();
        }

        /** The weights pass, then the data pass when the input gradient is wanted. */
        private void passes(stream s, INDArray input, INDArray inputGrad) {
            copy(s, dataDiffDst, weightsDiffDst);
            // The forward pass reordered this input already (or read the layer before's copy): reuse that.
            memory forwardInput = weightsReadForwardLayout ? plan.blockedInputOf(input) : null;
            if (forwardInput == null) {
                copy(s, plan.userSrc, weightsSrc);
            }
            Dnnl.withArgument(weightsArgs, DNNL_ARG_SRC, forwardInput, weightsSrc, () -> weights.execute(s, weightsArgs));
            copy(s, diffWeights, userDiffWeights);
            if (inputGrad != null) {
                userDiffSrc.set_data_handle(address(inputGrad));
                copy(s, plan.userWeights, dataWeights);
                data.execute(s, dataArgs);
                copy(s, diffSrc, userDiffSrc);
                diffSrcWrites.written();
            }
        }
    }
}
