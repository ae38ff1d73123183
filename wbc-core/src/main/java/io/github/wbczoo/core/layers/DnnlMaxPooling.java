package io.github.wbczoo.core.layers;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.pooling_backward;
import org.bytedeco.dnnl.pooling_forward;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

import static io.github.wbczoo.core.layers.Dnnl.ENGINE;
import static io.github.wbczoo.core.layers.Dnnl.address;
import static io.github.wbczoo.core.layers.Dnnl.plain;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;
import static org.bytedeco.dnnl.global.dnnl.algorithm;
import static org.bytedeco.dnnl.global.dnnl.prop_kind;

/**
 * Max pooling of one layer through direct oneDNN calls, on oneDNN's blocked channel layout: the input
 * is reordered from ND4J's NCHW into a buffer of 16 (or 8) channels per block, pooled by oneDNN's
 * vectorised kernel, which keeps each window's winner in a workspace in training, and reordered back.
 * The backward pass scatters the output gradient through that workspace. oneDNN's kernel for plain
 * NCHW data is a scalar loop, and {@link IndexedMaxPooling}'s own loops cost 8-17 ns per output (the
 * comparisons of random activations are unpredictable branches): for myCnn's first pool at batch 4
 * (4x16x120x160, 2x2 stride 2) this path took 0.8 ms forward and backward, reorders included, against
 * 4.6 ms for those loops ({@code bench/NOTES.md} section 18).
 *
 * <p>Per input shape it keeps the primitives and the workspace, like {@link DnnlConvHelper}; the blocked
 * copies live in two buffers per thread that every layer shares, since they are needed only during a
 * call. Shapes oneDNN rejects, or where only its reference kernel would run, are remembered and left to
 * the caller ({@code false}).
 *
 * <p>Usage: {@code if (pooling.forward(key, input, Dnnl.dense(input), out, true)) ...; pooling.backward(input, epsilon, inputGradient, false);}
 */
final class DnnlMaxPooling {
    private final stream stream = new stream(ENGINE);
    private final Dnnl.Plans<Key, Plan> plans = new Dnnl.Plans<>("max pooling");
    /** The plan and layer input of the last training forward pass, whose workspace the backward pass reads; null when none. */
    private Plan trained;
    private INDArray trainedInput;
    private long trainedRun;
    /** The plan and output of the last forward pass, whose blocked copy {@link #offerBlockedOutput} offers. */
    private Plan last;
    private INDArray lastOut;
    /** Whether the last forward or backward call ran here (for tests). */
    volatile boolean lastCallDirect;

    /**
     * One pooling: input shape, output size, window, stride and the padding before and after (the
     * padding after may be negative where truncation drops the last rows or columns).
     */
    record Key(long n, long c, long h, long w, long outH, long outW, long kH, long kW, long strideH, long strideW,
               long padTop, long padLeft) {
        long padBottom() {
            return (outH - 1) * strideH + kH - h - padTop;
        }

        long padRight() {
            return (outW - 1) * strideW + kW - w - padLeft;
        }
    }

    /**
     * Pools dense float NCHW {@code input} into the dense {@code out} of the key's output shape; in training
     * also keeps the winners for {@link #backward}, for the layer input {@code layerInput} ({@code input}
     * itself or the dense copy made of it). False, with nothing written, when oneDNN cannot take this shape;
     * the caller then pools itself.
     */
    boolean forward(Key key, INDArray layerInput, INDArray input, INDArray out, boolean training) {
        lastCallDirect = false;
        last = null;
        lastOut = null;
        if (training) {
            clear();
        }
        Plan plan = plans.get(key, Plan::create);
        if (plan == null) {
            return false;
        }
        plan.forward(stream, input, out, training);
        last = plan;
        lastOut = out;
        if (training) {
            trained = plan;
            trainedInput = layerInput;
            trainedRun = plan.runs;
        }
        lastCallDirect = true;
        return true;
    }

    /**
     * Offers the blocked copy of the last forward pass's output {@code out} to the layer reading it next
     * ({@link BlockedOutputs}); it stays valid until this thread's next pooling call.
     */
    void offerBlockedOutput(INDArray out) {
        if (last != null && out == lastOut) {
            BlockedOutputs.offer(out, last.dst, last.dstMd, SCRATCH.get());
        }
    }

    /** Whether {@link #backward} can run for {@code input}: the last training forward pass was over it, and its plan has not run since. */
    boolean canBackward(INDArray input) {
        return trained != null && trainedInput == input && trained.runs == trainedRun;
    }

    /**
     * Writes into dense {@code inputGradient} (every value) the gradient of the last training forward pass, given its
     * output's {@code epsilon}; offers the gradient's blocked copy to the layer before when {@code share}.
     */
    void backward(INDArray input, INDArray epsilon, INDArray inputGradient, boolean share) {
        if (!canBackward(input)) {
            throw new IllegalStateException("No training forward pass over this input to take the pooling's winners from");
        }
        trained.backward(stream, epsilon, inputGradient);
        if (share) {
            BlockedOutputs.offer(inputGradient, trained.src, trained.srcMd, SCRATCH.get());
        }
        clear();
        lastCallDirect = true;
    }

    /** Forgets the last training forward pass. */
    void clear() {
        trained = null;
        trainedInput = null;
    }

    /**
     * Per thread, two buffers that grow to the largest blocked input and output seen. The blocked copies
     * are needed only while one call runs (the workspace is what the backward pass reads), so every layer
     * and shape shares them instead of keeping its own: per-plan buffers cost unetEncoder 560 MB more at
     * batch 32, and each new batch size (a last, smaller validation batch) first touched its own.
     */
    private static final class Scratch implements BlockedOutputs.Owner {
        private final memory[] buffers = new memory[2];
        private final long[] sizes = new long[2];
        private long binds;

        /** Every plan's bind re-points or writes these buffers. */
        @Override
        public long writes() {
            return binds;
        }

        /** The address of buffer {@code which} (0 or 1), of at least {@code bytes}. */
        Pointer get(int which, long bytes) {
            if (sizes[which] < bytes) {
                if (buffers[which] != null) {
                    buffers[which].close();
                }
                buffers[which] = new memory(new memory.desc(new long[]{(bytes + 3) / 4}, memory.data_type.f32,
                        memory.format_tag.x), ENGINE);
                sizes[which] = bytes;
            }
            return buffers[which].get_data_handle();
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * The primitives of one shape and its workspace. The user memories wrap ND4J's NCHW arrays and
     * {@link #src} / {@link #dst} the blocked copies in this thread's {@link Scratch}, their handles set on
     * each call; the backward pass uses the same two for the input and output gradients.
     */
    private static final class Plan {
        final memory userSrc;
        final memory userDst;
        final memory src;
        final memory dst;
        /** The blocked layouts of {@link #src} and {@link #dst}. */
        final memory.desc srcMd;
        final memory.desc dstMd;
        final long srcBytes;
        final long dstBytes;
        final reorder srcIn;
        final reorder srcOut;
        final reorder dstIn;
        final reorder dstOut;
        final memory workspace;
        final pooling_forward.primitive_desc trainingDesc;
        final pooling_forward training;
        final IntMemoryMap trainingArgs = new IntMemoryMap();
        final boolean oneThread;
        final long[] strides;
        final long[] kernel;
        final long[] padL;
        final long[] padR;
        pooling_forward inference;
        final IntMemoryMap inferenceArgs = new IntMemoryMap();
        pooling_backward backward;
        final IntMemoryMap backwardArgs = new IntMemoryMap();
        long runs;

        private Plan(Key key, pooling_forward.primitive_desc trainingDesc, long[] strides,
                     long[] kernel, long[] padL, long[] padR, boolean oneThread) {
            this.trainingDesc = trainingDesc;
            this.strides = strides;
            this.kernel = kernel;
            this.padL = padL;
            this.padR = padR;
            this.oneThread = oneThread;
            userSrc = plain(new long[]{key.n, key.c, key.h, key.w}, memory.format_tag.nchw);
            userDst = plain(new long[]{key.n, key.c, key.outH, key.outW}, memory.format_tag.nchw);
            srcMd = trainingDesc.src_desc();
            dstMd = trainingDesc.dst_desc();
            src = new memory(srcMd, ENGINE, null);
            dst = new memory(dstMd, ENGINE, null);
            srcBytes = srcMd.get_size();
            dstBytes = dstMd.get_size();
            srcIn = new reorder(userSrc, src);
            srcOut = new reorder(src, userSrc);
            dstIn = new reorder(userDst, dst);
            dstOut = new reorder(dst, userDst);
            workspace = new memory(trainingDesc.workspace_desc(), ENGINE);
            training = new pooling_forward(trainingDesc);
            trainingArgs.put(DNNL_ARG_SRC, src).put(DNNL_ARG_DST, dst).put(DNNL_ARG_WORKSPACE, workspace);
        }

        /**
         * A plan on 16- or 8-channel blocks (the one that needs no padding first), or null when oneDNN would
         * run only its reference kernel there: then the caller's loops are faster.
         */
        static Plan create(Key key) {
            long[] strides = {key.strideH, key.strideW};
            long[] kernel = {key.kH, key.kW};
            long[] padL = {key.padTop, key.padLeft};
            long[] padR = {key.padBottom(), key.padRight()};
            boolean oneThread = Dnnl.passOnOneThread(4 * key.n * key.c * key.h * key.w);
            for (memory.format_tag blocks : Dnnl.blockedLayouts(key.c)) {
                memory.desc srcMd = new memory.desc(new long[]{key.n, key.c, key.h, key.w}, memory.data_type.f32, blocks);
                memory.desc dstMd = new memory.desc(new long[]{key.n, key.c, key.outH, key.outW}, memory.data_type.f32, blocks);
                pooling_forward.desc desc = new pooling_forward.desc(prop_kind.forward_training, algorithm.pooling_max,
                        srcMd, dstMd, strides, kernel, padL, padR);
                pooling_forward.primitive_desc pd = new pooling_forward.primitive_desc(desc, ENGINE);
                if (pd.impl_info_str().getString().startsWith("jit")) {
                    return new Plan(key, pd, strides, kernel, padL, padR, oneThread);
                }
            }
            return null;
        }

        /** Points the user memories at ND4J's arrays of the input's and the output's shape, the blocked ones at this thread's scratch. */
        private void bind(INDArray inputShaped, INDArray outputShaped) {
            Scratch scratch = SCRATCH.get();
            scratch.binds++;
            userSrc.set_data_handle(address(inputShaped));
            userDst.set_data_handle(address(outputShaped));
            src.set_data_handle(scratch.get(0, srcBytes));
            dst.set_data_handle(scratch.get(1, dstBytes));
        }

        void forward(stream s, INDArray input, INDArray out, boolean isTraining) {
            // The layer before may still hold this input in the blocked layout: pool that instead of reordering.
            // Not another pooling's: that copy is in the scratch buffer this call writes its output into.
            memory blockedInput = BlockedOutputs.find(input, srcMd, SCRATCH.get());
            bind(input, out);
            if (blockedInput != null) {
                src.set_data_handle(blockedInput.get_data_handle());
            }
            Dnnl.onOneThreadIf(oneThread, () -> {
                if (blockedInput == null) {
                    srcIn.execute(s, userSrc, src);
                }
                if (isTraining) {
                    training.execute(s, trainingArgs);
                } else {
                    if (inference == null) {
                        inference = new pooling_forward(new pooling_forward.primitive_desc(new pooling_forward.desc(
                                prop_kind.forward_inference, algorithm.pooling_max, src.get_desc(), dst.get_desc(),
                                strides, kernel, padL, padR), ENGINE));
                        inferenceArgs.put(DNNL_ARG_SRC, src).put(DNNL_ARG_DST, dst);
                    }
                    inference.execute(s, inferenceArgs);
                }
                dstOut.execute(s, dst, userDst);
                s._wait();
            });
            runs++;
        }

        /** The input gradient from the workspace of the last training pass, through the same scratch buffers. */
        void backward(stream s, INDArray epsilon, INDArray inputGradient) {
            if (backward == null) {
                backward = new pooling_backward(new pooling_backward.primitive_desc(new pooling_backward.desc(
                        algorithm.pooling_max, src.get_desc(), dst.get_desc(), strides, kernel, padL, padR), ENGINE,
                        trainingDesc));
                backwardArgs.put(DNNL_ARG_DIFF_DST, dst).put(DNNL_ARG_DIFF_SRC, src).put(DNNL_ARG_WORKSPACE, workspace);
            }
            // The layer after may still hold this gradient in the blocked layout (not another pooling: see forward).
            memory blockedEpsilon = BlockedOutputs.find(epsilon, dstMd, SCRATCH.get());
            bind(inputGradient, epsilon);
            if (blockedEpsilon != null) {
                dst.set_data_handle(blockedEpsilon.get_data_handle());
            }
            Dnnl.onOneThreadIf(oneThread, () -> {
                if (blockedEpsilon == null) {
                    dstIn.execute(s, userDst, dst);
                }
                backward.execute(s, backwardArgs);
                srcOut.execute(s, src, userSrc);
                s._wait();
            });
        }
    }
}
