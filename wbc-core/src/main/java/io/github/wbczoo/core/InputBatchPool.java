package io.github.wbczoo.core;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Spare input-batch arrays, by shape, for later batches to be written into. ND4J gives every new
 * array fresh off-heap memory, and first touching fresh memory is slow: filling a new 29 MB batch
 * (32 images at 320x240) took 12 ms on the 2-core VM against 1 ms for a reused one (bench/NOTES.md,
 * section 17). Thread-safe; give back only arrays that nothing will read again.
 *
 * <p>Usage: {@code InputBatch b = pool.batch(config, n); ...; pool.giveBack(b.array());}
 */
public final class InputBatchPool {
    private final int keepPerShape;
    private final Map<List<Long>, Queue<INDArray>> spares = new ConcurrentHashMap<>();

    /** A pool that keeps at most {@code keepPerShape} spare arrays of each shape (the rest are left to the GC). */
    public InputBatchPool(int keepPerShape) {
        if (keepPerShape < 1) {
            throw new IllegalArgumentException("keepPerShape must be at least 1, got " + keepPerShape);
        }
        this.keepPerShape = keepPerShape;
    }

    /** A batch of {@code size} images, written into a spare array of its shape when one was given back. */
    public InputBatch batch(DataConfig config, int size) {
        Queue<INDArray> q = spares.get(shapeKey(config.batchShape(size)));
        INDArray spare = q == null ? null : q.poll();
        return spare == null ? new InputBatch(config, size) : new InputBatch(config, spare);
    }

    /** Keeps {@code array} (a batch's, see {@link InputBatch#array()}) for a later batch of its shape. */
    public void giveBack(INDArray array) {
        Queue<INDArray> q = spares.computeIfAbsent(shapeKey(array.shape()), k -> new ConcurrentLinkedQueue<>());
        if (q.size() < keepPerShape) {
            q.add(array);
        }
    }

    private static List<Long> shapeKey(long[] shape) {
        return Arrays.stream(shape).boxed().toList();
    }
}
