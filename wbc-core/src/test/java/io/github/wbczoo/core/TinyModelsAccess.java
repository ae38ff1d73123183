package io.github.wbczoo.core;

import io.github.wbczoo.core.WbcModel;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** Exposes the package-private test fixtures to tests in sub-packages. */
public final class TinyModelsAccess {
    private TinyModelsAccess() {
    }

    public static WbcModel dense(long seed, double lr) {
        return TinyModels.dense(seed, lr);
    }

    public static WbcModel jointGraph(long seed) {
        return TinyModels.jointGraph(seed);
    }

    public static DataSetIterator separable(int perClass, int batch, long seed) {
        return TinyModels.separable(perClass, batch, seed);
    }
}
