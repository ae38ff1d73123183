package io.github.wbczoo.spark;

import io.github.wbczoo.core.WbcModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The models of one executor JVM: each broadcast model file is loaded once per JVM; a task borrows
 * an instance for its partition. A DL4J network is not safe for two threads at once, so concurrent
 * tasks get in-memory copies of the loaded one (same weights, so the same answers), kept for the
 * next tasks, instead of loading the file again.
 *
 * <p>Usage: {@code try (ExecutorModels.Lease l = ExecutorModels.borrow(broadcast, "m.wbc")) { l.model().output(x); }}
 */
final class ExecutorModels {
    /** Models kept per JVM: an application that classifies with several models in turn does not pile them up. */
    private static final int KEPT_MODELS = 2;
    /** By the model bytes' SHA-256: broadcast ids restart in every SparkContext, the bytes say which model it is. */
    private static final Map<String, Pool> POOLS = new LinkedHashMap<>(4, 0.75f, true);

    private ExecutorModels() {
    }

    /** A model instance for one task; {@link #close} (idempotent) gives it back. */
    static final class Lease implements AutoCloseable {
        private final Pool pool;
        private WbcModel model;

        private Lease(Pool pool, WbcModel model) {
            this.pool = pool;
            this.model = model;
        }

        WbcModel model() {
            return model;
        }

        @Override
        public synchronized void close() {
            if (model != null) {
                pool.giveBack(model);
                model = null;
            }
        }
    }

    /** One loaded model and its idle copies. */
    private static final class Pool {
        private final WbcModel loaded;
        private final ArrayDeque<WbcModel> idle = new ArrayDeque<>();

        Pool(WbcModel loaded) {
            this.loaded = loaded;
            idle.add(loaded);
        }

        synchronized WbcModel take() {
            WbcModel m = idle.poll();
            return m != null ? m : copy(loaded);
        }

        synchronized void giveBack(WbcModel m) {
            idle.push(m);
        }
    }

    static Lease borrow(Broadcast<byte[]> modelFile, String name) {
        Pool pool;
        String key = sha256(modelFile.value());
        synchronized (POOLS) {
            pool = POOLS.get(key);
            if (pool == null) {
                pool = new Pool(load(modelFile.value(), name));
                POOLS.put(key, pool);
                for (Iterator<String> ids = POOLS.keySet().iterator(); POOLS.size() > KEPT_MODELS; ) {
                    ids.next();
                    ids.remove(); // least recently used first
                }
            }
        }
        return new Lease(pool, pool.take());
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** How many model loads this JVM has done (tests check: once per JVM, however many tasks). */
    static int loads() {
        return LOADS.get();
    }

    private static final java.util.concurrent.atomic.AtomicInteger LOADS = new java.util.concurrent.atomic.AtomicInteger();

    private static WbcModel load(byte[] bytes, String name) {
        try {
            // WbcModel reads files; the broadcast bytes become one, briefly, in the executor's temp folder.
            Path tmp = Files.createTempFile("wbc-spark-", "-" + name);
            try {
                Files.write(tmp, bytes);
                WbcModel m = WbcModel.load(tmp);
                LOADS.incrementAndGet();
                return m;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack model " + name + " on this executor: " + e.getMessage(), e);
        }
    }

    private static WbcModel copy(WbcModel m) {
        Model net = m.network();
        // a copy for a concurrent task keeps the model's classes (not BCCD's four)
        WbcModel c = net instanceof MultiLayerNetwork mln
                ? WbcModel.of(m.architecture(), mln.clone(), m.dataConfig(), m.classes())
                : WbcModel.of(m.architecture(), ((ComputationGraph) net).clone(), m.dataConfig(), m.outputs(), m.classes());
        return c;
    }

    /**
     * ND4J's thread counts for this task: its share of the executor's cores ({@code spark.task.cpus}),
     * not every core of the machine once per concurrent task. OpenMP's count is per calling thread;
     * ND4J's own and OpenBLAS's are per JVM, where every task has the same share.
     */
    static void useTaskCores(int cpus) {
        int n = Math.max(1, cpus);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
        if (Nd4j.getEnvironment().maxThreads() != n) {
            Nd4j.getEnvironment().setMaxThreads(n);
            Nd4j.getEnvironment().setMaxMasterThreads(n);
        }
        Nd4j.factory().blas().setMaxThreads(n);
    }
}
