package io.github.wbczoo.core.layers;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.memory;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.ElementWiseVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.graph.vertex.impl.MergeVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The blocked copies that direct oneDNN layers keep of their outputs, so that the layer reading an
 * output next (a convolution, max pooling or training batch norm after any of them) takes the copy
 * instead of reordering ND4J's NCHW array back into the same blocked layout; and the same for input
 * gradients in the backward pass. Each layer still writes its NCHW output (and gradient), so every
 * other reader (an addition, a dense layer, the user) sees the same arrays as before; only the reorder
 * back is saved. On myCnn.v9's batch-32 inference the reorders took as much time as the convolutions
 * and poolings themselves ({@code bench/NOTES.md} section 24).
 *
 * <p>A copy is taken only for exactly the array object it was made from, in the layout the reader
 * wants, and only while its owner has not written that buffer again. A layer offers copies only
 * after {@link #markSharingLayers} found that the arrays stay as they are: every reader of an output
 * leaves it alone (DL4J's activation and dropout layers may overwrite their input in place, and then
 * the copy would be stale), and a gradient goes to one reader that hands it to its oneDNN pass
 * unchanged (DL4J adds several readers' gradients into the first one's array in place). Off with
 * {@code -Dwbc.dnnl.blockedOutputs=false}; off with {@link DirectOneDnn}.
 *
 * <p>Usage: {@code BlockedOutputs.markSharingLayers(network); // done by WbcModel for you}
 */
public final class BlockedOutputs {
    /** The system property read at start-up. */
    public static final String PROPERTY = "wbc.dnnl.blockedOutputs";
    /** Copies kept per thread: the readers of an output come soon after it (a few for Inception's branches). */
    private static final int KEPT = 4;

    private static volatile boolean enabled = !"false".equalsIgnoreCase(System.getProperty(PROPERTY));
    private static final ThreadLocal<Deque<Copy>> COPIES = ThreadLocal.withInitial(ArrayDeque::new);
    /** Copies taken on this thread, for tests. */
    private static final ThreadLocal<long[]> TAKEN = ThreadLocal.withInitial(() -> new long[1]);

    /** A buffer that keeps a layer's blocked output until its owner next writes it. */
    interface Owner {
        /** How many times the buffer was written (or re-pointed) so far. */
        long writes();
    }

    /** An {@link Owner} that counts the passes writing its buffer. */
    static final class Writes implements Owner {
        private long count;

        void written() {
            count++;
        }

        @Override
        public long writes() {
            return count;
        }
    }

    /** A layer output's blocked copy: valid while its owner has not written the buffer since. */
    record Copy(INDArray array, memory blocked, memory.desc layout, Owner owner, long writes) {
        boolean valid() {
            return owner.writes() == writes;
        }
    }

    private BlockedOutputs() {
    }

    /** Whether layers share their blocked outputs now. */
    public static boolean enabled() {
        return enabled;
    }

    /** Turns the sharing on or off for layers' next forward pass (all networks in this JVM). */
    public static void setEnabled(boolean on) {
        enabled = on;
        COPIES.get().clear();
    }

    /** Copies taken on the calling thread so far (for tests). */
    static long taken() {
        return TAKEN.get()[0];
    }

    /** Records that {@code blocked} (in {@code layout}, in {@code owner}'s buffer) holds the values of {@code array}. */
    static void offer(INDArray array, memory blocked, memory.desc layout, Owner owner) {
        if (!enabled) {
            return;
        }
        Deque<Copy> copies = COPIES.get();
        copies.removeIf(c -> c.array == array);
        copies.addFirst(new Copy(array, blocked, layout, owner, owner.writes()));
        while (copies.size() > KEPT) {
            copies.removeLast();
        }
    }

    /**
     * The blocked copy of exactly {@code input} in {@code layout}, unless it is in {@code except}'s
     * buffer (a reader that writes that buffer itself) or its owner wrote the buffer since; else null.
     */
    static memory find(INDArray input, memory.desc layout, Owner except) {
        Copy c = findCopy(input, layout, except);
        return c == null ? null : c.blocked;
    }

    /** As {@link #find}, the copy itself: a reader that needs it again later (a backward pass) checks {@link Copy#valid()} then. */
    static Copy findCopy(INDArray input, memory.desc layout, Owner except) {
        if (!enabled) {
            return null;
        }
        for (Copy c : COPIES.get()) {
            if (c.array == input) {
                if (c.owner == except || !c.valid() || !c.layout.equals(layout)) {
                    return null;
                }
                TAKEN.get()[0]++;
                return c;
            }
        }
        return null;
    }

    /**
     * Lets each direct-oneDNN convolution, max pooling and batch norm of {@code network} offer its
     * blocked output where every reader of that output leaves the array as it is (another such layer,
     * an addition or a merge, without dropout on its input), and its blocked input gradient where that
     * gradient goes, unchanged, to one such layer: the one that computed its input and is read by
     * nothing else (DL4J adds the gradients of several readers into the first one's array, in place).
     * Returns how many layers were marked to offer their outputs. Idempotent; safe on any DL4J network.
     */
    public static int markSharingLayers(Model network) {
        int marked = 0;
        if (network instanceof MultiLayerNetwork mln) {
            for (int i = 0; i + 1 < mln.getnLayers(); i++) {
                boolean direct = mln.getLayerWiseConfigurations().getInputPreProcess(i + 1) == null;
                marked += mark(mln.getLayer(i), direct && leavesInput(mln.getLayer(i + 1)));
                markGradient(mln.getLayer(i + 1), direct && readsGradientAsItIs(mln.getLayer(i)));
            }
        } else if (network instanceof ComputationGraph graph) {
            Map<String, List<String>> inputsOf = graph.getConfiguration().getVertexInputs();
            Map<String, List<String>> readersOf = new HashMap<>();
            inputsOf.forEach((reader, inputs) -> inputs.forEach(
                    input -> readersOf.computeIfAbsent(input, k -> new ArrayList<>()).add(reader)));
            List<String> outputs = graph.getConfiguration().getNetworkOutputs();
            for (GraphVertex vertex : graph.getVertices()) {
                if (!vertex.hasLayer()) {
                    continue;
                }
                String name = vertex.getVertexName();
                List<String> readers = readersOf.getOrDefault(name, List.of());
                boolean safe = !outputs.contains(name) && !readers.isEmpty()
                        && readers.stream().allMatch(r -> leavesInput(graph.getVertex(r)));
                marked += mark(vertex.getLayer(), safe);
                // The gradient at this layer's input: shared when that input is one such layer's, read by this layer alone.
                List<String> inputs = inputsOf.get(name);
                boolean gradient = inputs != null && inputs.size() == 1 && vertex instanceof LayerVertex lv
                        && lv.getLayerPreProcessor() == null && graph.getVertex(inputs.get(0)) instanceof LayerVertex in
                        && in.getLayerPreProcessor() == null && readsGradientAsItIs(in.getLayer())
                        && readersOf.get(inputs.get(0)).size() == 1;
                markGradient(vertex.getLayer(), gradient);
            }
        }
        return marked;
    }

    /**
     * Whether a layer of this package hands the gradient at its output to its oneDNN pass as it is: a pooling,
     * or a convolution or batch norm without activation or with a plain ReLU (another activation's gradient
     * may be written into that array first).
     */
    private static boolean readsGradientAsItIs(org.deeplearning4j.nn.api.Layer layer) {
        if (layer instanceof IndexedMaxPooling.Impl) {
            return true;
        }
        if (!(layer instanceof ReusingConvolutionLayer.Impl || layer instanceof ActivatedBatchNormalization.Impl)
                || !(layer.conf().getLayer() instanceof BaseLayer conf)) {
            return false;
        }
        return conf.getActivationFn() instanceof ActivationIdentity || ForwardReuse.isPlainRelu(conf.getActivationFn());
    }

    private static void markGradient(org.deeplearning4j.nn.api.Layer layer, boolean shares) {
        if (layer instanceof ReusingConvolutionLayer.Impl conv) {
            conv.sharesBlockedInputGradient(shares);
        } else if (layer instanceof ActivatedBatchNormalization.Impl norm) {
            norm.sharesBlockedInputGradient(shares);
        } else if (layer instanceof IndexedMaxPooling.Impl pool) {
            pool.sharesBlockedInputGradient(shares);
        }
    }

    /** Whether a graph vertex reads its inputs without writing into them. */
    private static boolean leavesInput(GraphVertex reader) {
        if (reader instanceof ElementWiseVertex || reader instanceof MergeVertex) {
            return true;
        }
        return reader instanceof LayerVertex lv && lv.getLayerPreProcessor() == null && leavesInput(lv.getLayer());
    }

    /** Whether a layer reads its input without writing into it: this package's convolution or max pooling, without input dropout. */
    private static boolean leavesInput(org.deeplearning4j.nn.api.Layer reader) {
        return (reader instanceof ReusingConvolutionLayer.Impl || reader instanceof IndexedMaxPooling.Impl
                || reader instanceof ActivatedBatchNormalization.Impl)
                && reader.conf().getLayer().getIDropout() == null;
    }

    private static int mark(org.deeplearning4j.nn.api.Layer layer, boolean shares) {
        if (layer instanceof ReusingConvolutionLayer.Impl conv) {
            boolean direct = conv.sharesBlockedOutput(shares);
            return direct && shares ? 1 : 0;
        }
        if (layer instanceof ActivatedBatchNormalization.Impl norm) {
            boolean direct = norm.sharesBlockedOutput(shares);
            return direct && shares ? 1 : 0;
        }
        if (layer instanceof IndexedMaxPooling.Impl pool) {
            pool.sharesBlockedOutput(shares);
            return shares ? 1 : 0;
        }
        return 0;
    }
}
