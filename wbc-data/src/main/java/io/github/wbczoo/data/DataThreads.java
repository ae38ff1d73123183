package io.github.wbczoo.data;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The worker threads that decode, resize, augment and normalise images: one per core by default
 * ({@code -Dwbc.data.threads=N} to change), daemon threads shared by every dataset and iterator
 * in the process, so an abandoned iterator never keeps the JVM alive or leaks threads.
 *
 * <p>Usage: {@code DataThreads.forEach(images.size(), i -> load(images.get(i)));}
 */
final class DataThreads {
    private static final int THREADS = Math.max(1, Integer.getInteger("wbc.data.threads",
            Runtime.getRuntime().availableProcessors()));
    private static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS, daemonFactory());

    private DataThreads() {
    }

    /** Number of worker threads. */
    static int count() {
        return THREADS;
    }

    static ExecutorService pool() {
        return POOL;
    }

    /**
     * Runs {@code work} for 0..n-1 on all workers (contiguous chunks, so each worker touches
     * neighbouring files) and waits; the first failure is rethrown unchanged. Must not be called
     * from a worker thread (it would wait on itself).
     */
    static void forEach(int n, IntConsumer work) {
        int chunks = Math.min(n, THREADS * 8);
        if (chunks <= 1) {
            for (int i = 0; i < n; i++) {
                work.accept(i);
            }
            return;
        }
        List<Future<?>> futures = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            futures.add(POOL.submit(() -> {
                for (int i = from; i < to; i++) {
                    work.accept(i);
                }
            }));
        }
        RuntimeException failure = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = unwrap(e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(x -> x.cancel(true));
                throw new IllegalStateException("Interrupted while loading images", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The task's own exception, so callers see e.g. a {@link io.github.wbczoo.core.BadImageException} naming the file. */
    static RuntimeException unwrap(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IllegalStateException("Image loading failed: " + cause, cause);
    }

    private static ThreadFactory daemonFactory() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "wbc-data-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
