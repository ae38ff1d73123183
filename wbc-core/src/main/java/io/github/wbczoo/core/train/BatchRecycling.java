package io.github.wbczoo.core.train;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Implemented by iterators that can build a later batch in the memory of one its consumer is done
 * with. ND4J gives every new array fresh off-heap memory, and first touching fresh memory is slow:
 * filling a new 29 MB batch (32 images at 320x240) took 12 ms on the 2-core VM against 1 ms for a
 * reused one (bench/NOTES.md, section 17), a sixth of a small network's inference time. A consumer
 * that will not read a batch again hands it back; its features are then unset, so a stale read
 * fails instead of seeing the next batch's pixels. Batches never handed back are left to the
 * garbage collector, as usual; a batch the iterator did not make is ignored.
 *
 * <p>Usage: {@code DataSet b = it.next(); model.fitBatch(b); BatchRecycling.recycle(it, b);}
 */
public interface BatchRecycling {
    /** Takes back a batch this iterator returned, once nothing will read it again. */
    void recycle(DataSet batch);

    /** Hands {@code batch} back to {@code iterator} when it recycles batches; otherwise does nothing. */
    static void recycle(DataSetIterator iterator, DataSet batch) {
        if (iterator instanceof BatchRecycling r) {
            r.recycle(batch);
        }
    }
}
