package io.github.wbczoo.core;

import java.util.List;

/**
 * What {@link WbcBackend} found: which ND4J backend runs, whether the fast layer helpers are in
 * use, and on what hardware. Rendered by {@code ./wbc doctor}.
 *
 * <p>Usage: {@code BackendInfo info = WbcBackend.init(); if (!info.onednnHelpersActive()) ...}
 *
 * @param backend             ND4J backend name as ND4J reports it ({@code CPU} or {@code CUDA})
 * @param nativeBuild         the native library build that was loaded (e.g. {@code linux-x86_64-onednn-avx2})
 * @param onednnHelpersActive whether DL4J's oneDNN helpers will be used for conv, pooling and batch norm
 * @param cudnnHelpersActive  whether DL4J's cuDNN helpers are on the classpath and enabled
 * @param threads             the number of threads ND4J uses for one operation
 * @param cpuFeatures         SIMD features of this CPU that matter for the native build
 * @param blas                the BLAS library ND4J uses
 * @param dl4jVersion         the Deeplearning4j version on the classpath
 * @param warnings            anything that will make training slower than it should be, in plain words
 */
public record BackendInfo(
        String backend,
        String nativeBuild,
        boolean onednnHelpersActive,
        boolean cudnnHelpersActive,
        int threads,
        List<String> cpuFeatures,
        String blas,
        String dl4jVersion,
        List<String> warnings) {

    public BackendInfo {
        cpuFeatures = List.copyOf(cpuFeatures);
        warnings = List.copyOf(warnings);
    }

    /** One line for logs, e.g. {@code CPU (linux-x86_64-onednn-avx2), oneDNN helpers active, 2 threads, DL4J 1.0.0-M2.1}. */
    public String summary() {
        String helpers;
        if (onednnHelpersActive) {
            helpers = "oneDNN helpers active" + (io.github.wbczoo.core.layers.DirectOneDnn.enabled()
                    ? " (convolutions and batch norms call oneDNN directly)" : "");
        } else if (cudnnHelpersActive) {
            helpers = "cuDNN helpers active";
        } else {
            helpers = "layer helpers INACTIVE (slow built-in path)";
        }
        return backend + " (" + nativeBuild + "), " + helpers + ", " + threads + " threads, DL4J " + dl4jVersion;
    }
}
