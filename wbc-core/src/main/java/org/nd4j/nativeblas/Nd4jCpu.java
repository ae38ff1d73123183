package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * Bridge that lets Deeplearning4j 1.0.0-M2.1 see that oneDNN is in use.
 *
 * <p>M2.1's {@code BaseMKLDNNHelper.mklDnnEnabled()} looks up
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.isUseMKLDNN()} by reflection, but in M2.1 that
 * class lives at {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and the
 * method is called {@code isUseONEDNN()}. The lookup therefore always fails and every oneDNN
 * layer helper (convolution, pooling, batch norm, LRN) silently falls back to the built-in
 * implementation, which is 10-30x slower on CPU. This class answers the old name with the new
 * method. It is not public API: {@link io.github.wbczoo.core.WbcBackend} reports what it found.
 *
 * <p>Usage: none; DL4J finds it by name.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** The environment singleton DL4J asks for; answers from the real native environment. */
    public static final class Environment {
        private static final String NATIVE_ENVIRONMENT =
                "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        /** The singleton, as DL4J expects. */
        public static Environment getInstance() {
            return INSTANCE;
        }

        /**
         * Whether the native CPU library was built with oneDNN and uses it. Reflection, because the
         * CUDA backend has no such class and this file must compile against either backend.
         */
        public boolean isUseMKLDNN() {
            try {
                Class<?> env = Class.forName(NATIVE_ENVIRONMENT);
                Object instance = env.getMethod("getInstance").invoke(null);
                Method useOneDnn = env.getMethod("isUseONEDNN");
                return (boolean) useOneDnn.invoke(instance);
            } catch (ReflectiveOperationException | LinkageError e) {
                return false;
            }
        }
    }
}
