package io.github.wbczoo.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.bytedeco.javacpp.Loader;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes Deeplearning4j fast on this machine, once per JVM, before any network is built.
 *
 * <p>DL4J 1.0.0-M2.1 ships three obstacles to fast CPU convolutions: its layer helpers are
 * disabled by default ({@value #HELPERS_DISABLE_PROPERTY}), the oneDNN check it runs looks for a
 * class that moved (bridged by {@code org.nd4j.nativeblas.Nd4jCpu}), and the default native build
 * has no oneDNN (the build pulls in the {@code onednn-avx2} classifier). Every public entry point
 * of wbc-zoo calls {@link #init()}, so users get the fast path without knowing about it. Setting
 * the property to {@code true} yourself is respected and reported.
 *
 * <p>Usage: {@code BackendInfo info = WbcBackend.init(); System.out.println(info.summary());}
 */
public final class WbcBackend {
    /** DL4J's switch for the oneDNN/cuDNN layer helpers; M2.1 defaults it to {@code true}. */
    public static final String HELPERS_DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    /**
     * Values below which libnd4j runs an element-wise op on the calling thread alone; ND4J's default
     * is 1,024. Waking a second thread costs more than such an op on the 2-core benchmark machine:
     * 65,536 made myCnn.v9's real training path 4-7% faster and left the batch-32 models level
     * ({@code bench/NOTES.md} section 16). Override with {@value #ELEMENTWISE_THRESHOLD_PROPERTY}.
     */
    public static final int ELEMENTWISE_THRESHOLD = 65_536;
    /** System property overriding {@link #ELEMENTWISE_THRESHOLD}. */
    public static final String ELEMENTWISE_THRESHOLD_PROPERTY = "wbc.nd4j.elementwiseThreshold";

    private static final Logger LOG = LoggerFactory.getLogger(WbcBackend.class);
    private static final Set<String> RELEVANT_CPU_FLAGS =
            Set.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512_vnni");
    private static volatile BackendInfo info;

    private WbcBackend() {
    }

    /**
     * Enables the layer helpers (unless the user disabled them explicitly), initialises ND4J and
     * logs one line saying what is active. Idempotent and cheap after the first call.
     */
    public static BackendInfo init() {
        BackendInfo current = info;
        if (current != null) {
            return current;
        }
        synchronized (WbcBackend.class) {
            if (info == null) {
                if (System.getProperty(HELPERS_DISABLE_PROPERTY) == null) {
                    System.setProperty(HELPERS_DISABLE_PROPERTY, "false");
                }
                info = inspect();
                if ("CPU".equalsIgnoreCase(info.backend())) {
                    Nd4j.getEnvironment().setElementwiseThreshold(
                            Integer.getInteger(ELEMENTWISE_THRESHOLD_PROPERTY, ELEMENTWISE_THRESHOLD));
                }
                LOG.info("wbc-zoo backend: {}", info.summary());
                for (String warning : info.warnings()) {
                    LOG.warn(warning);
                }
            }
            return info;
        }
    }

    /** Whether DL4J will create layer helpers for layers built from now on. */
    public static boolean helpersEnabled() {
        return !Boolean.parseBoolean(System.getProperty(HELPERS_DISABLE_PROPERTY, "true"));
    }

    private static BackendInfo inspect() {
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        String backend = env.getProperty("backend", "unknown");
        boolean cpu = "CPU".equalsIgnoreCase(backend);
        boolean helpers = helpersEnabled();
        boolean onednn = cpu && helpers && BaseMKLDNNHelper.mklDnnEnabled();
        String nativeBuild = nativeBuild();
        // M2.1 publishes no DL4J cuDNN helper module; cuDNN comes with the "-cudnn" native build instead.
        boolean cudnn = !cpu && helpers && (nativeBuild.contains("cudnn")
                || classPresent("org.deeplearning4j.cuda.convolution.CudnnConvolutionHelper"));
        List<String> features = cpuFeatures();

        List<String> warnings = new ArrayList<>();
        if (!helpers) {
            warnings.add("Layer helpers are disabled (-D" + HELPERS_DISABLE_PROPERTY
                    + "=true): convolutions use DL4J's built-in path, 10-30x slower on CPU.");
        } else if (cpu && !onednn) {
            warnings.add("The native ND4J build (" + nativeBuild + ") does not use oneDNN: convolutions will be"
                    + " 10-30x slower. Depend on nd4j-native with classifier linux-x86_64-onednn-avx2.");
        }
        if (nativeBuild.contains("avx2") && !features.isEmpty() && !features.contains("avx2")) {
            warnings.add("This CPU has no AVX2 but the native build needs it; use the plain linux-x86_64 classifier.");
        }
        return new BackendInfo(backend, nativeBuild, onednn, cudnn, Nd4j.getEnvironment().maxThreads(),
                features, env.getProperty("blas.vendor", "unknown"), dl4jVersion(), warnings);
    }

    /** The folder name the native library was loaded from, e.g. {@code linux-x86_64-onednn-avx2}. */
    private static String nativeBuild() {
        for (Map.Entry<String, String> lib : Loader.getLoadedLibraries().entrySet()) {
            String path = lib.getValue() == null ? "" : lib.getValue();
            if (lib.getKey().contains("nd4j") || path.contains("nd4j")) {
                for (String part : path.split("[/\\\\]")) {
                    if (part.startsWith(Loader.getPlatform())) {
                        return part;
                    }
                }
            }
        }
        return Loader.getPlatform();
    }

    private static List<String> cpuFeatures() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return List.of();
        }
        try {
            Set<String> found = new TreeSet<>();
            for (String line : Files.readAllLines(cpuinfo)) {
                if (line.startsWith("flags")) {
                    Arrays.stream(line.substring(line.indexOf(':') + 1).trim().split("\\s+"))
                            .filter(RELEVANT_CPU_FLAGS::contains)
                            .forEach(found::add);
                    break;
                }
            }
            return new ArrayList<>(found);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String dl4jVersion() {
        try (InputStream in = WbcBackend.class.getResourceAsStream("/io/github/wbczoo/core/build.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("dl4j.version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static boolean classPresent(String name) {
        try {
            Class.forName(name, false, WbcBackend.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
