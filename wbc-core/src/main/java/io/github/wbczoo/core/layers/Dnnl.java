package io.github.wbczoo.core.layers;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the direct oneDNN helpers ({@link DnnlConvHelper}, {@link DnnlBatchNormHelper}) share: the
 * CPU engine, the per-shape cache of their primitives, ND4J arrays read in place as oneDNN memory,
 * buffers in the layouts primitives want with the reorders to and from ND4J's, and which primitives
 * run on the calling thread alone.
 *
 * <p>Small primitives run on one thread. Waking a sleeping OpenMP thread ({@code OMP_WAIT_POLICY=PASSIVE},
 * which {@code ./wbc} sets) cost about 60-70 microseconds per parallel region on the 2-core benchmark
 * machine, and passes that synchronise their threads inside (a convolution's weight gradient, a
 * training batch norm's statistics) pay it several times: a 16-channel weight gradient at 60x80,
 * batch 4, took 1.76 ms on two threads and 0.57 ms on one ({@code bench/NOTES.md} section 16). Large
 * ones still get every thread. The limits are system properties, measured on that machine; a small
 * convolution pass is also made for all threads, and both versions are timed in rounds of calls with
 * the faster running in between ({@link ThreadChoice}), because the best limit moves between CPUs.
 *
 * <p>Usage: {@code if (Dnnl.isDense(a)) userSrc.set_data_handle(Dnnl.address(a));}
 */
final class Dnnl {
    /** Shapes kept per layer: training, validation and a last smaller batch need three; a few spare. */
    static final int MAX_PLANS = 6;
    static final engine ENGINE = new engine(engine.kind.cpu, 0);

    /** Multiply-adds times two below which a convolution pass (forward or either backward) runs on one thread. */
    static final long PARALLEL_CONVOLUTION_FLOPS = Long.getLong("wbc.dnnl.parallelConvolutionFlops", 150_000_000L);
    /** Bytes below which a reorder between layouts runs on one thread. */
    static final long PARALLEL_REORDER_BYTES = Long.getLong("wbc.dnnl.parallelReorderBytes", 6L << 20);
    /** Values below which a training batch norm (statistics and backward pass) runs on one thread. */
    static final long PARALLEL_TRAINING_NORM_VALUES = Long.getLong("wbc.dnnl.parallelTrainingNormValues", 8L << 20);
    /** Values below which an inference batch norm runs on one thread. */
    static final long PARALLEL_INFERENCE_NORM_VALUES = Long.getLong("wbc.dnnl.parallelInferenceNormValues", 256L << 10);

    /** Whether a convolution pass of {@code flops} floating-point operations runs on one thread. */
    static boolean convolutionOnOneThread(long flops) {
        return flops < PARALLEL_CONVOLUTION_FLOPS;
    }

    /** Whether one pass over {@code bytes} of memory (a reorder, an element-wise gradient) runs on one thread. */
    static boolean passOnOneThread(long bytes) {
        return bytes < PARALLEL_REORDER_BYTES;
    }

    /** Whether a batch norm over {@code values} values runs on one thread, in training or in inference. */
    static boolean batchNormOnOneThread(long values, boolean training) {
        return values < (training ? PARALLEL_TRAINING_NORM_VALUES : PARALLEL_INFERENCE_NORM_VALUES);
    }

    private static final NativeOps OPS = NativeOpsHolder.getInstance().getDeviceNativeOps();

    private Dnnl() {
    }

    /** OpenMP threads a parallel region of the calling thread gets now. */
    static int threads() {
        return OPS.ompGetMaxThreads();
    }

    /**
     * Runs {@code work} with the calling thread's OpenMP team cut to one thread when {@code oneThread},
     * restoring it after. oneDNN fixes a convolution's thread count when its primitive descriptor is
     * created, and its primitive cache keys on the count when the primitive is made, so both are made
     * in here; a reorder's or batch norm's count is fixed when it runs, so those run in here too.
     */
    static <T> T onOneThreadIf(boolean oneThread, Supplier<T> work) {
        if (!oneThread) {
            return work.get();
        }
        int before = threads();
        if (before <= 1) {
            return work.get();
        }
        OPS.setOmpNumThreads(1);
        try {
            return work.get();
        } finally {
            OPS.setOmpNumThreads(before);
        }
    }

    /** {@link #onOneThreadIf(boolean, Supplier)} for work without a result. */
    static void onOneThreadIf(boolean oneThread, Runnable work) {
        onOneThreadIf(oneThread, () -> {
            work.run();
            return null;
        });
    }

    /**
     * oneDNN's blocked channel layouts to try for {@code channels}, best first: 16-channel blocks
     * (vectorised on AVX-512), then 8 (AVX2); 8 first when the channels are a multiple of 8 but not
     * of 16, which 16-channel blocks would pad. Which one has a vectorised kernel depends on the CPU,
     * so callers try them in turn and ask oneDNN which kernel it chose.
     */
    static List<memory.format_tag> blockedLayouts(long channels) {
        return channels % 16 != 0 && channels % 8 == 0
                ? List.of(memory.format_tag.nChw8c, memory.format_tag.nChw16c)
                : List.of(memory.format_tag.nChw16c, memory.format_tag.nChw8c);
    }

    /** Channels per block of a layout from {@link #blockedLayouts}. */
    static int blockWidth(memory.format_tag layout) {
        return layout == memory.format_tag.nChw16c ? 16 : 8;
    }

    /** A map of at most {@link #MAX_PLANS} entries that forgets the least recently used one. */
    static <K, V> Map<K, V> planCache() {
        return new LinkedHashMap<>(8, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > MAX_PLANS;
            }
        };
    }

    /**
     * A helper's plans by shape ({@link #planCache}), and the shapes oneDNN rejected, remembered so
     * that they are not tried again: those go to the caller's other path from then on.
     */
    static final class Plans<K, V> {
        private static final Logger LOG = LoggerFactory.getLogger(Plans.class);
        private final Map<K, V> plans = planCache();
        private final Set<K> rejected = new HashSet<>();
        private final String what;

        /** @param what the kind of primitive, for the log line of a rejected shape */
        Plans(String what) {
            this.what = what;
        }

        /** The plan of {@code key}, made by {@code create} on first use; null when oneDNN rejects the shape (create throws or gives null). */
        V get(K key, Function<K, V> create) {
            V plan = plans.get(key);
            if (plan != null || rejected.contains(key)) {
                return plan;
            }
            try {
                plan = create.apply(key);
            } catch (RuntimeException e) {
                LOG.debug("Direct oneDNN {} unavailable for {}: {}", what, key, e.toString());
                plan = null;
            }
            if (plan == null) {
                rejected.add(key);
                return null;
            }
            plans.put(key, plan);
            return plan;
        }
    }

    /** Float values laid out in C order without gaps (the stride of a dimension of size 1 does not matter); false for null. */
    static boolean isDense(INDArray a) {
        if (a == null || a.dataType() != DataType.FLOAT) {
            return false;
        }
        long expected = 1;
        for (int d = a.rank() - 1; d >= 0; d--) {
            if (a.size(d) != 1 && a.stride(d) != expected) {
                return false;
            }
            expected *= a.size(d);
        }
        return true;
    }

    /** The array itself when oneDNN can read it in place, else a dense C-order copy. */
    static INDArray dense(INDArray a) {
        return isDense(a) ? a : a.dup('c');
    }

    /** Where a (dense) array's values start, for a oneDNN memory's data handle. */
    static Pointer address(INDArray a) {
        return a.data().addressPointer();
    }

    /** A memory over ND4J's dense array in a plain layout; its handle is set before each use. */
    static memory plain(long[] dims, memory.format_tag tag) {
        return new memory(new memory.desc(dims, memory.data_type.f32, tag), ENGINE, null);
    }

    /** {@code user} itself when the primitive wants its layout, else a buffer of oneDNN's own in the wanted one. */
    static memory internal(memory.desc wanted, memory user) {
        return wanted.equals(user.get_desc()) ? user : new ReorderedMemory(wanted, user);
    }

    /**
     * Runs {@code work} with the entry {@code arg} of {@code args} pointing at {@code instead} (a buffer read in place
     * of the usual one, such as the layer before's blocked copy, {@link BlockedOutputs}), then at {@code usual} again;
     * just runs it when {@code instead} is null.
     */
    static void withArgument(IntMemoryMap args, int arg, memory instead, memory usual, Runnable work) {
        if (instead == null) {
            work.run();
            return;
        }
        args.put(arg, instead);
        try {
            work.run();
        } finally {
            args.put(arg, usual);
        }
    }

    /** Reorders {@code from} into {@code to}: nothing when they are one memory (same layout). */
    static void copy(stream s, memory from, memory to) {
        if (from == to) {
            return;
        }
        if (to instanceof ReorderedMemory r && r.source == from) {
            onOneThreadIf(r.oneThread, () -> r.fromSource.execute(s, from, to));
        } else if (from instanceof ReorderedMemory r && r.source == to) {
            onOneThreadIf(r.oneThread, () -> r.toSource.execute(s, from, to));
        } else {
            throw new IllegalStateException("no reorder between these buffers");
        }
    }

    /** A buffer of oneDNN's own in the layout a primitive wants, with its reorders to and from the memory it mirrors. */
    static final class ReorderedMemory extends memory {
        final memory source;
        final reorder fromSource;
        final reorder toSource;
        final boolean oneThread;

        ReorderedMemory(memory.desc desc, memory source) {
            super(desc, ENGINE);
            this.source = source;
            this.oneThread = passOnOneThread(desc.get_size());
            this.fromSource = onOneThreadIf(oneThread, () -> new reorder(source, this));
            this.toSource = onOneThreadIf(oneThread, () -> new reorder(this, source));
        }
    }
}
