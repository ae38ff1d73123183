package io.github.wbczoo.core.layers;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One oneDNN pass (a convolution's forward, backward-data or backward-weights primitive) that runs
 * on one thread or on all, whichever this machine runs faster: for a small pass both versions are
 * made, timed in turn during the first calls, and the faster is kept; the timing is repeated after
 * 32 calls, then at doubling gaps up to every {@value #RETIME_EVERY}, so that a choice made while
 * the machine was busy does not stay.
 *
 * <p>Why measure instead of a fixed size rule: on the AVX-512 machine of sessions 1-9 a 16-channel
 * weight gradient at 60x80, batch 4, took 0.57 ms on one thread and 1.76 ms on two; on the AVX2
 * machine of session 10 the same pass took 2.13 ms on one and 1.81 ms on two. No one limit serves
 * both ({@code bench/NOTES.md} sections 16 and 19). Large passes always get every thread.
 *
 * <p>The choice trades run-to-run repeatability of the float rounding for speed: a weight gradient
 * summed by one thread or by two rounds differently, so two runs on one machine may differ in the
 * last bits when their timings pick differently. {@code -Dwbc.dnnl.threadChoice=false} keeps the
 * size rule alone ({@link Dnnl#convolutionOnOneThread}), which is repeatable.
 *
 * <p>oneDNN fixes a primitive's thread count when its descriptor and primitive are made (the
 * primitive cache keys on it too), so each version is made, and the one-thread version also run,
 * with the calling thread's OpenMP team cut to one ({@link Dnnl#onOneThreadIf}).
 *
 * <p>Usage: {@code ThreadChoice<convolution_forward.primitive_desc> f = ThreadChoice.of(small, () -> new
 * convolution_forward.primitive_desc(desc, ENGINE), convolution_forward::new, pd -> List.of(pd.src_desc()));
 * f.execute(stream, args);}
 *
 * @param <D> the primitive descriptor's type
 */
final class ThreadChoice<D> {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadChoice.class);
    /** Whether small passes are timed on one thread and on all ({@code -Dwbc.dnnl.threadChoice=false}: the size rule alone). */
    static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("wbc.dnnl.threadChoice"));
    /** Untimed calls of each version first: the first run of a kernel pays for cold caches and page faults. */
    static final int WARM_UP = 1;
    /** Timed calls of each version, alternated; the median of each decides. */
    static final int TRIALS = 3;
    /** Calls of one round of timing: warm-up and trials of both versions, alternated. */
    static final int CALLS_PER_ROUND = 2 * (WARM_UP + TRIALS);
    /**
     * Calls between rounds: 32 after the first, doubling to at most {@value #RETIME_EVERY}. The first
     * round falls in a run's first seconds, while the JIT compiler and the data workers still take a
     * core, and timings then can favour one thread; later rounds see the steady state. The slower
     * version's 4 calls in 264 cost that pass at most a few per cent (3% at the 0.57 against 1.76 ms
     * above), a fraction of that of a whole training step.
     */
    static final int FIRST_GAP = 32;
    static final int RETIME_EVERY = 256;

    /** The descriptor of the version made first (one thread when the pass is small): hints and layouts come from it. */
    final D desc;
    private final primitive onOne;
    private final primitive onAll;
    private final LongSupplier clock;
    private final long[] oneNanos = new long[TRIALS];
    private final long[] allNanos = new long[TRIALS];
    /** The call of the current round of timing; -1 between rounds. */
    private int roundCall;
    private int sinceChoice;
    private int gap;
    /** Null until the first round ends (or fixed from the start, when there is nothing to choose). */
    private Boolean chosenOneThread;

    private ThreadChoice(D desc, primitive onOne, primitive onAll, Boolean chosenOneThread, LongSupplier clock) {
        this.desc = desc;
        this.onOne = onOne;
        this.onAll = onAll;
        this.chosenOneThread = chosenOneThread;
        this.clock = clock;
    }

    /**
     * A pass made by {@code makeDesc} and {@code makePrimitive}. When {@code small}, it runs on one
     * thread, and also on all when more than one is available, {@link #ENABLED} is on and the second
     * version's memory layouts ({@code layouts}) are the first's, so either reads the same buffers.
     */
    static <D> ThreadChoice<D> of(boolean small, Supplier<D> makeDesc, Function<D, primitive> makePrimitive,
                                  Function<D, List<memory.desc>> layouts) {
        return of(small, makeDesc, makePrimitive, layouts, ENABLED, System::nanoTime);
    }

    /** {@link #of(boolean, Supplier, Function, Function)} with the switch and the clock given (for tests). */
    static <D> ThreadChoice<D> of(boolean small, Supplier<D> makeDesc, Function<D, primitive> makePrimitive,
                                  Function<D, List<memory.desc>> layouts, boolean enabled, LongSupplier clock) {
        if (!small) {
            D d = makeDesc.get();
            return new ThreadChoice<>(d, null, makePrimitive.apply(d), false, clock);
        }
        D one = Dnnl.onOneThreadIf(true, makeDesc);
        primitive onOne = Dnnl.onOneThreadIf(true, () -> makePrimitive.apply(one));
        if (!enabled || Dnnl.threads() <= 1) {
            return new ThreadChoice<>(one, onOne, null, true, clock);
        }
        D all = makeDesc.get();
        if (!sameLayouts(layouts.apply(one), layouts.apply(all))) {
            return new ThreadChoice<>(one, onOne, null, true, clock);
        }
        return new ThreadChoice<>(one, onOne, makePrimitive.apply(all), null, clock);
    }

    /** Runs the pass: while timing, the version whose turn it is; between rounds, the faster one. */
    void execute(stream s, IntMemoryMap args) {
        if (!choosing()) {
            run(chosenOneThread, s, args);
            return;
        }
        if (roundCall < 0) {
            run(chosenOneThread, s, args);
            if (++sinceChoice >= gap) {
                roundCall = 0;
            }
            return;
        }
        int call = roundCall++;
        boolean oneThread = call % 2 == 0;
        long start = clock.getAsLong();
        run(oneThread, s, args);
        long nanos = clock.getAsLong() - start;
        int trial = call / 2 - WARM_UP;
        if (trial >= 0) {
            (oneThread ? oneNanos : allNanos)[trial] = nanos;
        }
        if (roundCall == CALLS_PER_ROUND) {
            long one = median(oneNanos);
            long all = median(allNanos);
            chosenOneThread = one <= all;
            roundCall = -1;
            sinceChoice = 0;
            gap = gap == 0 ? FIRST_GAP : Math.min(2 * gap, RETIME_EVERY);
            LOG.debug("{}: {} us on one thread, {} us on {}: keeps {}", passName(), one / 1000,
                    all / 1000, Dnnl.threads(), chosenOneThread ? "one" : "all");
        }
    }

    private void run(boolean oneThread, stream s, IntMemoryMap args) {
        if (oneThread) {
            Dnnl.onOneThreadIf(true, () -> {
                onOne.execute(s, args);
                s._wait();
            });
        } else {
            onAll.execute(s, args);
            s._wait();
        }
    }

    /** Whether the pass runs on one thread between rounds of timing: null until the first round ends (for tests). */
    Boolean onOneThread() {
        return chosenOneThread;
    }

    /** Whether both versions exist and are timed against each other. */
    boolean choosing() {
        return onOne != null && onAll != null;
    }

    /** The pass's primitive kind for the log, e.g. {@code convolution_backward_weights}. */
    private String passName() {
        Class<?> outer = desc.getClass().getEnclosingClass();
        return (outer != null ? outer : desc.getClass()).getSimpleName();
    }

    /** oneDNN's own comparison of memory descriptors: {@code List.equals} would compare the JavaCPP pointers. */
    private static boolean sameLayouts(List<memory.desc> a, List<memory.desc> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static long median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
