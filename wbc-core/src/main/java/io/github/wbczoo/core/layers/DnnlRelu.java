package io.github.wbczoo.core.layers;

import static io.github.wbczoo.core.layers.Dnnl.ENGINE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;

import java.util.Arrays;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.eltwise_backward;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonIgnore;

/**
 * DL4J's plain ReLU ({@code max(0, x)}) whose gradient is one oneDNN pass. libnd4j's ReLU gradient
 * calls a {@code std::function} per value; on myCnn.v9's residual blocks, whose ReLU follows an
 * addition and so cannot run inside a convolution, it took 2.7 ms of a 72-79 ms batch-4 training
 * step ({@code bench/NOTES.md} section 20). The forward pass is DL4J's.
 *
 * <p>As with DL4J's ReLU, the gradient goes into a new array of {@code in}'s shape and {@code in} is left
 * as it was (a loss layer scores from the same array after its gradient). Its values are DL4J's for
 * finite gradients: {@code epsilon} where {@code in > 0}, else 0, written as 0 x epsilon, so -0.0 where
 * epsilon is negative (equal to 0.0 in every later sum) and NaN where epsilon is infinite or NaN at an
 * input of 0 or less, where DL4J writes 0 (a run whose gradients overflow has diverged either way).
 * Anything but a dense float array of {@code epsilon}'s shape, a ReLU with a cap, threshold or negative
 * slope, or direct calls switched off ({@link DirectOneDnn}) goes to DL4J's code. Saved models name this
 * class; it equals DL4J's plain ReLU (the same function), so code that asks for a plain ReLU finds it.
 *
 * <p>Usage: {@code new ActivationLayer.Builder().activation(new DnnlRelu()).build()}
 */
public class DnnlRelu extends ActivationReLU {
    /** Primitives and memories by shape: training, validation and a last smaller batch each have one. */
    @JsonIgnore
    private transient Dnnl.Plans<Key, Plan> plans;

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        if (!DirectOneDnn.enabled() || getMax() != null || getThreshold() != null || getNegativeSlope() != null
                || !Dnnl.isDense(in) || !Dnnl.isDense(epsilon) || !Arrays.equals(in.shape(), epsilon.shape())
                || in.rank() < 1 || in.rank() > 5) {
            return super.backprop(in, epsilon);
        }
        Plan plan;
        synchronized (this) { // one configuration may serve several networks' layers
            if (plans == null) {
                plans = new Dnnl.Plans<>("ReLU gradient");
            }
            plan = plans.get(new Key(in.shape()), Plan::new);
        }
        if (plan == null) {
            return super.backprop(in, epsilon);
        }
        INDArray gradient = in.ulike(); // dense and in C order, as in is
        plan.run(in, epsilon, gradient);
        return new Pair<>(gradient, null);
    }

    /** A shape, compared by value. */
    private record Key(long[] dims) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(dims, k.dims);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(dims);
        }

        @Override
        public String toString() {
            return Arrays.toString(dims);
        }
    }

    /** oneDNN's ReLU gradient over plain (row-major) arrays of one shape. */
    private static final class Plan {
        private static final memory.format_tag[] PLAIN = {memory.format_tag.a, memory.format_tag.ab,
                memory.format_tag.abc, memory.format_tag.abcd, memory.format_tag.abcde};
        final stream stream = new stream(ENGINE);
        final memory src;
        final memory diffDst;
        final memory diffSrc;
        final eltwise_backward gradient;
        final IntMemoryMap args = new IntMemoryMap();
        final boolean oneThread;

        Plan(Key key) {
            memory.desc d = new memory.desc(key.dims(), memory.data_type.f32, PLAIN[key.dims().length - 1]);
            src = new memory(d, ENGINE, null);
            diffDst = new memory(d, ENGINE, null);
            diffSrc = new memory(d, ENGINE, null);
            oneThread = Dnnl.passOnOneThread(d.get_size());
            eltwise_forward.primitive_desc hint = new eltwise_forward.primitive_desc(new eltwise_forward.desc(
                    prop_kind.forward_training, algorithm.eltwise_relu, d, 0f, 0f), ENGINE);
            gradient = Dnnl.onOneThreadIf(oneThread, () -> new eltwise_backward(new eltwise_backward.primitive_desc(
                    new eltwise_backward.desc(algorithm.eltwise_relu, d, d, 0f, 0f), ENGINE, hint)));
            args.put(DNNL_ARG_SRC, src).put(DNNL_ARG_DIFF_DST, diffDst).put(DNNL_ARG_DIFF_SRC, diffSrc);
        }

        synchronized void run(INDArray in, INDArray epsilon, INDArray out) {
            src.set_data_handle(Dnnl.address(in));
            diffDst.set_data_handle(Dnnl.address(epsilon));
            diffSrc.set_data_handle(Dnnl.address(out));
            Dnnl.onOneThreadIf(oneThread, () -> {
                gradient.execute(stream, args);
                stream._wait();
            });
        }
    }
}
