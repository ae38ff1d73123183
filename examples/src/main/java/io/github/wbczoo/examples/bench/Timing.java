package io.github.wbczoo.examples.bench;

import java.util.Arrays;

/**
 * Times a piece of work the way the benchmarks report it: warm-up runs first, then the median of
 * several timed runs (robust to the odd GC pause or noisy neighbour on a 2-core machine).
 *
 * <p>Usage: {@code double seconds = Timing.medianSeconds(3, 10, () -> net.output(x));}
 */
public final class Timing {
    private Timing() {
    }

    public static double medianSeconds(int warmup, int runs, Runnable work) {
        if (runs <= 0) {
            throw new IllegalArgumentException("runs must be positive");
        }
        for (int i = 0; i < warmup; i++) {
            work.run();
        }
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.run();
            t[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(t);
        return runs % 2 == 1 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2;
    }
}
