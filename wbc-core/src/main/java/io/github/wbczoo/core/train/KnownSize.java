package io.github.wbczoo.core.train;

/**
 * Implemented by iterators that know how many images one epoch yields, so progress bars can show
 * an ETA. DL4J's {@code DataSetIterator} has no such method.
 *
 * <p>Usage: {@code long n = iterator instanceof KnownSize k ? k.imagesPerEpoch() : -1;}
 */
public interface KnownSize {
    /** Images in one full pass. */
    long imagesPerEpoch();
}
