package io.github.wbczoo.core.layers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.dnnl.engine;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the direct oneDNN helpers ({@link DnnlConvHelper}, {@link DnnlBatchNormHelper}) share: the
 * CPU engine, the per-shape cache of their primitives, and ND4J arrays read in place as oneDNN memory.
 *
 * <p>Usage: {@code if (Dnnl.isDense(a)) userSrc.set_data_handle(Dnnl.address(a));}
 */
final class Dnnl {
    /** Shapes kept per layer: training, validation and a last smaller batch need three; a few spare. */
    static final int MAX_PLANS = 6;
    static final engine ENGINE = new engine(engine.kind.cpu, 0);

    private Dnnl() {
    }

    /** A map of at most {@link #MAX_PLANS} entries that forgets the least recently used one. */
    static <K, V> Map<K, V> planCache() {
        return new LinkedHashMap<>(8, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > MAX_PLANS;
            }
        };
    }

    /** Float values laid out in C order without gaps (the stride of a dimension of size 1 does not matter); false for null. */
    static boolean isDense(INDArray a) {
        if (a == null || a.dataType() != DataType.FLOAT) {
            return false;
        }
        long expected = 1;
        for (int d = a.rank() - 1; d >= 0; d--) {
            if (a.size(d) != 1 && a.stride(d) != expected) {
                return false;
            }
            expected *= a.size(d);
        }
        return true;
    }

    /** The array itself when oneDNN can read it in place, else a dense C-order copy. */
    static INDArray dense(INDArray a) {
        return isDense(a) ? a : a.dup('c');
    }

    /** Where a (dense) array's values start, for a oneDNN memory's data handle. */
    static Pointer address(INDArray a) {
        return a.data().addressPointer();
    }
}
