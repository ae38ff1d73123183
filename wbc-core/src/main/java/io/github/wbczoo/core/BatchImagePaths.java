package io.github.wbczoo.core;

import java.nio.file.Path;
import java.util.List;

/**
 * Implemented by a {@code DataSetIterator} that knows which image files each batch came from, so
 * an evaluation can name the misclassified images. Lives in core so that the data module's
 * iterators can implement it and the evaluation module can use it without depending on each other.
 *
 * <p>Usage: {@code DataSet batch = it.next(); List<Path> files = ((BatchImagePaths) it).lastBatchPaths();}
 */
public interface BatchImagePaths {

    /**
     * The image files of the batch the last {@code next()} returned, one per example in row order.
     *
     * @throws IllegalStateException when {@code next()} has not been called since the last reset
     */
    List<Path> lastBatchPaths();

    /**
     * The group of each example of the last batch (the source cell, patient or slide it comes
     * from; null where it has none), in row order, or null when the iterator knows no groups. Copies
     * of one cell are not independent: intervals resample whole groups.
     */
    default List<String> lastBatchGroups() {
        return null;
    }
}
