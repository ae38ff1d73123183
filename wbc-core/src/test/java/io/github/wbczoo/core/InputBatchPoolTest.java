package io.github.wbczoo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A given-back array serves the next batch of its shape only, up to the pool's limit per shape. */
class InputBatchPoolTest {
    private static final DataConfig CONFIG = new DataConfig(6, 5, 3, ChannelLayout.NCHW, Normalization.divideBy255());

    @Test
    void aGivenBackArrayServesTheNextBatchOfItsShapeOnce() {
        InputBatchPool pool = new InputBatchPool(1);
        INDArray first = pool.batch(CONFIG, 4).array();
        pool.giveBack(first);
        assertThat(pool.batch(CONFIG, 3).array()).isNotSameAs(first);   // another shape: a new array
        assertThat(pool.batch(CONFIG, 4).array()).isSameAs(first);
        assertThat(pool.batch(CONFIG, 4).array()).isNotSameAs(first);   // handed out already
    }

    @Test
    void keepsAtMostItsLimitPerShape() {
        InputBatchPool pool = new InputBatchPool(1);
        INDArray a = pool.batch(CONFIG, 2).array();
        INDArray b = pool.batch(CONFIG, 2).array();
        pool.giveBack(a);
        pool.giveBack(b); // over the limit: left to the GC
        assertThat(pool.batch(CONFIG, 2).array()).isSameAs(a);
        assertThat(pool.batch(CONFIG, 2).array()).isNotSameAs(b);
        assertThatThrownBy(() -> new InputBatchPool(0)).hasMessage("keepPerShape must be at least 1, got 0");
    }
}
