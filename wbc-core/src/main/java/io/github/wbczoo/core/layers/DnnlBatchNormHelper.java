package io.github.wbczoo.core.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.batch_normalization_backward;
import org.bytedeco.dnnl.batch_normalization_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.stream;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static io.github.wbczoo.core.layers.Dnnl.ENGINE;
import static io.github.wbczoo.core.layers.Dnnl.address;
import static io.github.wbczoo.core.layers.Dnnl.copy;
import static io.github.wbczoo.core.layers.Dnnl.internal;
import static io.github.wbczoo.core.layers.Dnnl.isDense;
import static io.github.wbczoo.core.layers.Dnnl.plain;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_MEAN;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_VARIANCE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;
import static org.bytedeco.dnnl.global.dnnl.normalization_flags;
import static org.bytedeco.dnnl.global.dnnl.prop_kind;

/**
 * A batch norm's helper that calls oneDNN directly. DL4J's oneDNN helper computes a training
 * batch's mean and variance with two separate ND4J reductions and then runs libnd4j's batch-norm
 * op, which builds its oneDNN primitive on every call; oneDNN's own training forward pass computes
 * the statistics while it normalises, and this helper keeps its primitives per input shape. The
 * batch's mean and (biased) variance land in the same caches DL4J reads to update the running
 * statistics, so the layer's arithmetic around the helper is unchanged.
 *
 * <p>A ReLU can run inside ({@link #fuseReluIntoNextForward}): oneDNN's {@code fuse_norm_relu}
 * keeps a mask in the forward pass and applies the ReLU's gradient in the backward pass. What it
 * does not cover (direct calls switched off, NHWC, ranks other than 4, arrays with gaps) goes to
 * libnd4j's oneDNN helper, as without this class; non-float data then goes on to DL4J's own code.
 *
 * <p>Usage: installed by {@link ActivatedBatchNormalization} on the CPU backend; {@code -Dwbc.dnnl=false} turns it off.
 */
final class DnnlBatchNormHelper implements BatchNormalizationHelper {
    private final stream stream = new stream(ENGINE);
    /** DL4J's own oneDNN helper, for what the direct calls do not cover. */
    private final MKLDNNBatchNormHelper libnd4j;
    /** Whether the last training forward pass went to {@link #libnd4j} (its backward pass and statistics then do too). */
    private boolean lastByLibnd4j;
    private final Map<Key, Plan> plans = Dnnl.planCache();
    /** The last training batch's mean and variance, per channel (what DL4J's running statistics update reads). */
    private INDArray meanCache;
    private INDArray varCache;
    private boolean reluNext;
    /** The last output that already went through the ReLU. */
    private INDArray reluApplied;
    /** The last training forward pass that ran here: its plan, which run of it, its input. */
    private Forward last;
    /** Whether this layer's readers leave its output as it is, so it may offer its blocked copy ({@link BlockedOutputs}). */
    private volatile boolean sharesOutput;
    /** Whether the gradient at this layer's input goes, unchanged, to one layer that can read its blocked copy. */
    private volatile boolean sharesInputGradient;
    /** Counts the backward passes writing a plan's blocked input gradient. */
    private final BlockedOutputs.Writes gradientWrites = new BlockedOutputs.Writes();
    /** The output and plan of the last direct forward pass. */
    private INDArray lastOut;
    private Plan lastPlan;
    /** Whether the last call of either pass ran through this helper's own primitives (for tests). */
    volatile boolean lastCallDirect;
    /** oneDNN's kernel for the last direct forward pass, e.g. {@code bnorm_jit:avx2} (for tests). */
    volatile String lastImplementation;

    DnnlBatchNormHelper(DataType dataType) {
        libnd4j = new MKLDNNBatchNormHelper(dataType);
    }

    /** Called by a ReLU layer around its forward pass: the next {@link #preOutput} applies the ReLU too. */
    void fuseReluIntoNextForward(boolean on) {
        reluNext = on;
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
     * Offers the blocked copy of {@code out}, the layer's final output (the ReLU inside, or no activation), when it
     * is the last forward pass's and that pass ran on a blocked layout (training).
     */
    void offerBlockedOutput(INDArray out) {
        Plan p = lastPlan;
        if (sharesOutput && out == lastOut && p != null && p.dst != p.userDst) {
            BlockedOutputs.offer(out, p.dst, p.dataMd, p);
        }
    }

    /** Whether {@code out} is the output of the last forward pass and already went through the ReLU. */
    boolean appliedReluTo(INDArray out) {
        return out != null && out == reluApplied;
    }

    /** Whether the last training forward pass ran here over exactly {@code input}, with the ReLU inside when {@code relu}. */
    boolean directForwardFor(INDArray input, boolean relu) {
        return last != null && last.input == input && last.plan.key.relu == relu && last.plan.runs == last.run;
    }

    @Override
    public boolean checkSupported(double eps, boolean fixedGammaBeta) {
        return !fixedGammaBeta;
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta, INDArray mean,
                              INDArray var, double decay, double eps, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        boolean relu = reluNext;
        reluNext = false;
        reluApplied = null;
        lastOut = null;
        lastPlan = null;
        if (training) {
            last = null;
        }
        if (!fits(x, format) || !isDense(gamma) || !isDense(beta)
                || (!training && (!isDense(mean) || !isDense(var)))) {
            lastCallDirect = false;
            if (training) {
                lastByLibnd4j = true;
            }
            return libnd4j.preOutput(x, training, shape, gamma, beta, mean, var, decay, eps, format, workspaceMgr);
        }
        if (training) {
            lastByLibnd4j = false;
        }
        Key key = new Key(x.size(0), x.size(1), x.size(2), x.size(3), (float) eps, training, relu);
        Plan plan = plans.computeIfAbsent(key, Plan::new);
        lastImplementation = plan.implementation;
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, x.shape(), 'c');
        if (training) {
            ensureCaches(x.size(1));
            plan.forward(stream, x, gamma, beta, meanCache, varCache, out);
            last = new Forward(plan, plan.runs, x);
        } else {
            plan.forward(stream, x, gamma, beta, mean, var, out);
        }
        lastCallDirect = true;
        reluApplied = relu ? out : null;
        lastOut = out;
        lastPlan = plan;
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
                                                     INDArray beta, INDArray dGammaView, INDArray dBetaView, double eps,
                                                     CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        Forward f = last;
        last = null;
        if (f == null && lastByLibnd4j) {
            lastCallDirect = false;
            return libnd4j.backpropGradient(input, epsilon, shape, gamma, beta, dGammaView, dBetaView, eps, format,
                    workspaceMgr);
        }
        // The forward pass's statistics (and, with the ReLU inside, its mask) are the plan's only while it has not run since.
        if (f == null || f.input != input || f.plan.runs != f.run || !fits(epsilon, format)
                || !java.util.Arrays.equals(epsilon.shape(), input.shape()) || !isDense(dGammaView) || !isDense(dBetaView)
                || !isDense(gamma) || !isDense(beta)) {
            lastCallDirect = false;
            if (f != null && f.plan.key.relu) {
                throw new IllegalStateException("The batch norm's forward pass ran with its ReLU inside, and its backward"
                        + " pass no longer matches it; the layer should have fallen back first");
            }
            return null;
        }
        INDArray gradAtInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
        f.plan.backward(stream, input, gamma, beta, meanCache, varCache, epsilon, gradAtInput, dGammaView, dBetaView);
        gradientWrites.written();
        if (sharesInputGradient && f.plan.diffSrc != f.plan.userDiffSrc) {
            BlockedOutputs.offer(gradAtInput, f.plan.diffSrc, f.plan.dataMd, gradientWrites);
        }
        lastCallDirect = true;
        Gradient g = new DefaultGradient();
        g.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        g.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        return new Pair<>(g, gradAtInput);
    }

    @Override
    public INDArray getMeanCache(DataType dataType) {
        return lastByLibnd4j ? libnd4j.getMeanCache(dataType) : meanCache;
    }

    @Override
    public INDArray getVarCache(DataType dataType) {
        return lastByLibnd4j ? libnd4j.getVarCache(dataType) : varCache;
    }

    /** libnd4j's helper's mean cache (for tests: what a fallen-back training pass used). */
    INDArray libnd4jMeanCache() {
        return libnd4j.getMeanCache(DataType.FLOAT);
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Collections.emptyMap();
    }

    private void ensureCaches(long channels) {
        if (meanCache == null || meanCache.length() != channels) {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                meanCache = Nd4j.createUninitialized(DataType.FLOAT, channels);
                varCache = Nd4j.createUninitialized(DataType.FLOAT, channels);
            }
        }
    }

    /** Float NCHW data of rank 4 in dense C order, with direct calls switched on. */
    private static boolean fits(INDArray a, CNN2DFormat format) {
        return DirectOneDnn.enabled() && format == CNN2DFormat.NCHW && a.rank() == 4 && isDense(a);
    }

    private record Forward(Plan plan, long run, INDArray input) {
    }

    /** One input shape in one mode: training (batch statistics) or inference (running statistics), ReLU inside or not. */
    private record Key(long n, long c, long h, long w, float eps, boolean training, boolean relu) {
    }

    /**
     * The primitives of one key. "User" memories wrap ND4J's NCHW arrays, their handles set on each
     * call. In training, with a multiple of 8 channels, the primitives work on oneDNN's blocked layout (nChw16c or
     * nChw8c, whichever the CPU has a vectorised kernel for),
     * in buffers of the plan's own with reorders to and from the user memories: oneDNN's kernel for
     * plain NCHW data is not vectorised and took 18 ms for resNet18's stem batch norm (4x64x120x160)
     * in training, the reorders and blocked kernel a fraction of it ({@code bench/NOTES.md} section 16).
     * The backward pass reads the forward pass's blocked input, which stays valid while the plan has
     * not run again (the helper checks that before it calls {@link #backward}).
     */
    private static final class Plan implements BlockedOutputs.Owner {
        final Key key;
        final memory.desc dataMd;
        final memory.desc channelMd;
        final memory userSrc;
        final memory userDst;
        /** {@link #userSrc} itself on the plain layout, else the plan's blocked copy of it; likewise {@link #dst}. */
        final memory src;
        final memory dst;
        final memory scale;
        final memory shift;
        final memory mean;
        final memory variance;
        final memory workspace;
        final batch_normalization_forward.primitive_desc forwardDesc;
        /** The kernel oneDNN runs for the forward pass, e.g. {@code bnorm_jit:avx2} (for tests and logs). */
        final String implementation;
        final primitive forward;
        final IntMemoryMap forwardArgs = new IntMemoryMap();
        final int flags;
        long runs;
        /** The layer before's blocked copy the last forward pass read instead of reordering into {@link #src}; null when none. */
        private BlockedOutputs.Copy forwardCopy;
        /** Whether both passes run on one thread: the statistics' reduction synchronises the threads inside. */
        final boolean oneThread;
        primitive backward;
        memory userDiffDst;
        memory userDiffSrc;
        memory diffDst;
        memory diffSrc;
        memory diffScale;
        memory diffShift;
        final IntMemoryMap backwardArgs = new IntMemoryMap();

        Plan(Key key) {
            this.key = key;
            long values = key.n * key.c * key.h * key.w;
            oneThread = Dnnl.batchNormOnOneThread(values, key.training);
            long[] dims = {key.n, key.c, key.h, key.w};
            channelMd = new memory.desc(new long[]{key.c}, memory.data_type.f32, memory.format_tag.x);
            flags = normalization_flags.use_scale.value | normalization_flags.use_shift.value
                    | (key.training ? 0 : normalization_flags.use_global_stats.value)
                    | (key.relu ? normalization_flags.fuse_norm_relu.value : 0);
            // Training only: in inference the plain kernel is one affine pass read in place, and the blocked
            // layout's buffers and reorders measured slower at batch 1 and took 1 GB more for resNet18 at batch 32.
            // The block width is the CPU's: an AVX2 machine has a vectorised kernel for 8-channel blocks only, and
            // on 16-channel blocks ran oneDNN's reference kernel, 3.5 s of resNet18's 4.1 s training step.
            batch_normalization_forward.primitive_desc chosen = null;
            for (memory.format_tag layout : layouts(key)) {
                chosen = forwardDesc(key, dims, layout, flags, oneThread);
                if (!isReference(chosen)) {
                    break;
                }
            }
            forwardDesc = chosen;
            implementation = forwardDesc.impl_info_str().getString();
            dataMd = forwardDesc.src_desc();
            userSrc = plain(dims, memory.format_tag.nchw);
            userDst = plain(dims, memory.format_tag.nchw);
            src = internal(dataMd, userSrc);
            dst = internal(dataMd, userDst);
            scale = new memory(channelMd, ENGINE, null);
            shift = new memory(channelMd, ENGINE, null);
            mean = new memory(channelMd, ENGINE, null);
            variance = new memory(channelMd, ENGINE, null);
            workspace = key.relu && key.training ? new memory(forwardDesc.workspace_desc(), ENGINE) : null;
            // Made under the same team as its descriptor: oneDNN's primitive cache keys on the thread count.
            forward = Dnnl.onOneThreadIf(oneThread, () -> new batch_normalization_forward(forwardDesc));
            forwardArgs.put(DNNL_ARG_SRC, src).put(DNNL_ARG_DST, dst).put(DNNL_ARG_SCALE, scale).put(DNNL_ARG_SHIFT, shift)
                    .put(DNNL_ARG_MEAN, mean).put(DNNL_ARG_VARIANCE, variance);
            if (workspace != null) {
                forwardArgs.put(DNNL_ARG_WORKSPACE, workspace);
            }
        }

        /**
         * The layouts to try, best first: in training the blocked ones ({@link Dnnl#blockedLayouts}) that
         * hold whole blocks of channels, then plain NCHW, which is also what is used when every one of
         * them runs only oneDNN's reference kernel.
         */
        private static List<memory.format_tag> layouts(Key key) {
            List<memory.format_tag> order = new ArrayList<>();
            if (key.training) {
                for (memory.format_tag blocked : Dnnl.blockedLayouts(key.c)) {
                    if (key.c % Dnnl.blockWidth(blocked) == 0) {
                        order.add(blocked);
                    }
                }
            }
            order.add(memory.format_tag.nchw);
            return order;
        }

        private static batch_normalization_forward.primitive_desc forwardDesc(Key key, long[] dims, memory.format_tag layout,
                                                                              int flags, boolean oneThread) {
            memory.desc md = new memory.desc(dims, memory.data_type.f32, layout);
            batch_normalization_forward.desc desc = new batch_normalization_forward.desc(
                    key.training ? prop_kind.forward_training : prop_kind.forward_inference, md, key.eps,
                    normalization_flags.use_scale);
            desc.data().flags(flags);   // the C++ API takes one flag; the descriptor holds their union
            return Dnnl.onOneThreadIf(oneThread, () -> new batch_normalization_forward.primitive_desc(desc, ENGINE));
        }

        /** Whether oneDNN chose its reference (scalar) kernel for {@code pd}, e.g. {@code bnorm_ref:any}. */
        private static boolean isReference(batch_normalization_forward.primitive_desc pd) {
            return pd.impl_info_str().getString().contains("ref");
        }


        /** Normalises {@code x} into {@code out}; in training also writes the batch's mean and variance. */
        void forward(stream s, INDArray x, INDArray gamma, INDArray beta, INDArray m, INDArray v, INDArray out) {
            userSrc.set_data_handle(address(x));
            bind(gamma, beta, m, v);
            userDst.set_data_handle(address(out));
            // The layer before may still hold this input in the blocked layout: normalise that instead of reordering.
            BlockedOutputs.Copy before = src == userSrc ? null : BlockedOutputs.findCopy(x, dataMd, null);
            if (before == null) {
                copy(s, userSrc, src);
            }
            Dnnl.withArgument(forwardArgs, DNNL_ARG_SRC, before == null ? null : before.blocked(), src,
                    () -> Dnnl.onOneThreadIf(oneThread, () -> forward.execute(s, forwardArgs)));
            copy(s, dst, userDst);
            s._wait();
            runs++;
            forwardCopy = before;
        }

        /** The forward passes so far: each one writes {@link #dst}. */
        @Override
        public long writes() {
            return runs;
        }

        /** What both passes read: the scale and shift, and the statistics. */
        private void bind(INDArray gamma, INDArray beta, INDArray m, INDArray v) {
            scale.set_data_handle(address(gamma));
            shift.set_data_handle(address(beta));
            mean.set_data_handle(address(m));
            variance.set_data_handle(address(v));
        }

        /** The backward pass of this plan's last forward pass, over {@code x} (its input, still in {@link #src}). */
        void backward(stream s, INDArray x, INDArray gamma, INDArray beta, INDArray m, INDArray v, INDArray epsilon,
                      INDArray gradAtInput, INDArray dGamma, INDArray dBeta) {
            if (backward == null) {
                batch_normalization_backward.desc desc = new batch_normalization_backward.desc(prop_kind.backward, dataMd,
                        dataMd, key.eps, normalization_flags.use_scale);
                desc.data().flags(flags);
                backward = Dnnl.onOneThreadIf(oneThread, () -> new batch_normalization_backward(
                        new batch_normalization_backward.primitive_desc(desc, ENGINE, forwardDesc)));
                long[] dims = {key.n, key.c, key.h, key.w};
                userDiffDst = plain(dims, memory.format_tag.nchw);
                userDiffSrc = plain(dims, memory.format_tag.nchw);
                diffDst = internal(dataMd, userDiffDst);
                diffSrc = internal(dataMd, userDiffSrc);
                diffScale = new memory(channelMd, ENGINE, null);
                diffShift = new memory(channelMd, ENGINE, null);
                backwardArgs.put(DNNL_ARG_SRC, src).put(DNNL_ARG_MEAN, mean).put(DNNL_ARG_VARIANCE, variance)
                        .put(DNNL_ARG_SCALE, scale).put(DNNL_ARG_SHIFT, shift).put(DNNL_ARG_DIFF_DST, diffDst).put(DNNL_ARG_DIFF_SRC, diffSrc)
                        .put(DNNL_ARG_DIFF_SCALE, diffScale).put(DNNL_ARG_DIFF_SHIFT, diffShift);
                if (workspace != null) {
                    backwardArgs.put(DNNL_ARG_WORKSPACE, workspace);
                }
            }
            // The forward pass's blocked input: the plan's own copy, or the layer before's while that is still held.
            memory blockedInput = null;
            if (src == userSrc) {
                userSrc.set_data_handle(address(x));   // plain: the forward pass's input is read in place
            } else if (forwardCopy != null) {
                if (forwardCopy.valid()) {
                    blockedInput = forwardCopy.blocked();
                } else {
                    userSrc.set_data_handle(address(x));
                    copy(s, userSrc, src);
                }
            }
            bind(gamma, beta, m, v);
            userDiffDst.set_data_handle(address(epsilon));
            userDiffSrc.set_data_handle(address(gradAtInput));
            diffScale.set_data_handle(address(dGamma));
            diffShift.set_data_handle(address(dBeta));
            // The layer after may hold the output gradient in the blocked layout already: read that copy.
            memory given = diffDst == userDiffDst ? null : BlockedOutputs.find(epsilon, dataMd, null);
            if (given == null) {
                copy(s, userDiffDst, diffDst);
            }
            memory forwardInput = blockedInput;   // effectively final, for the lambda
            Dnnl.withArgument(backwardArgs, DNNL_ARG_DIFF_DST, given, diffDst,
                    () -> Dnnl.withArgument(backwardArgs, DNNL_ARG_SRC, forwardInput, src,
                            () -> Dnnl.onOneThreadIf(oneThread, () -> backward.execute(s, backwardArgs))));
            copy(s, diffSrc, userDiffSrc);
            s._wait();
        }
    }
}
