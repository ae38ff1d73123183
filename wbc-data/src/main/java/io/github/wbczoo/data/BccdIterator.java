package io.github.wbczoo.data;

import io.github.wbczoo.core.Augmentation;
import io.github.wbczoo.core.BadImageException;
import io.github.wbczoo.core.BatchImagePaths;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.InputBatch;
import io.github.wbczoo.core.InputBatchPool;
import io.github.wbczoo.core.InputTensors;
import io.github.wbczoo.core.ClassSet;
import io.github.wbczoo.core.train.BatchRecycling;
import io.github.wbczoo.core.train.KnownSize;
import java.util.ArrayDeque;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Batches of BCCD images for DL4J: features laid out and normalised by the model's
 * {@link DataConfig} (through the core {@link InputTensors}, as prediction does), labels one-hot
 * in the class set's order, and each row's {@link LabeledImage} as example metadata (the files
 * of the last batch also through {@link BatchImagePaths}, for evaluation reports). Batches are
 * built ahead on worker threads while the network trains (asynchronous prefetch).
 *
 * <p>Epochs: {@link #reset()} starts the next pass, with a fresh shuffled order and fresh
 * augmentation when those are on; a reset before any batch of the current pass was taken does
 * nothing, so "reset, then iterate" (DL4J's and the Trainer's habit) never skips an epoch. Pass
 * {@code e} of a seeded iterator is always the same, whatever the threads do.
 *
 * <p>Usage: {@code BccdIterator it = dataset.iteratorBuilder(plan.train(), config).batchSize(32).shuffle(42).augmentation(Augmentation.kerasInception()).build();}
 */
public final class BccdIterator implements DataSetIterator, KnownSize, BatchImagePaths, BatchRecycling {
    private static final long serialVersionUID = 1L;
    /** Batches remembered for {@link #recycle}: those in flight plus a few (the consumer recycles each when done). */
    private static final int MAX_HANDED_OUT = 16;
    /** Spare feature arrays kept per batch shape: enough for every batch being built ahead. */
    private static final int MAX_SPARES = 8;

    private final transient List<LabeledImage> images;
    private final DataConfig config;
    private final ClassSet classes;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final Augmentation augmentation;
    private final transient PixelLoader loader;
    private final transient Consumer<DataProblem> skipSink;
    private final int prefetch;
    private DataSetPreProcessor preProcessor;

    private int epoch;
    private transient int[] order;
    private int nextToTake;
    private int nextToSubmit;
    private boolean passStarted;
    private transient ArrayDeque<Future<DataSet>> inFlight = new ArrayDeque<>();
    /** Feature arrays of recycled batches, for the workers to fill again. */
    private final transient InputBatchPool spareFeatures = new InputBatchPool(MAX_SPARES);
    /** The most recent batches handed out and the feature arrays they were built with: only those are reused. */
    private final transient ArrayDeque<HandedOut> handedOut = new ArrayDeque<>();
    private transient DataSet pending;
    private transient List<Path> lastPaths;
    private transient List<String> lastGroups;

    private BccdIterator(Builder b, List<LabeledImage> images) {
        this.images = List.copyOf(images);
        this.config = b.config;
        this.classes = b.classes;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.augmentation = b.augmentation;
        this.loader = b.loader;
        this.skipSink = b.skipSink;
        this.prefetch = b.prefetch;
        this.order = orderFor(0);
    }

    /** Builds an iterator; {@link CellImageDataset#iteratorBuilder} starts one with the dataset's caches. */
    static Builder builder(List<LabeledImage> images, DataConfig config, ClassSet classes, PixelLoader loader) {
        return new Builder(images, config, classes, loader);
    }

    /** Configures a {@link BccdIterator}; every setting is checked when set. */
    public static final class Builder {
        private final List<LabeledImage> images;
        private final DataConfig config;
        private final ClassSet classes;
        private final PixelLoader loader;
        private int batchSize = 32;
        private boolean shuffle;
        private long seed;
        private Augmentation augmentation = Augmentation.NONE;
        private int limitPerClass;
        private int prefetch = 2 * DataThreads.count();
        private Consumer<DataProblem> skipSink;

        private Builder(List<LabeledImage> images, DataConfig config, ClassSet classes, PixelLoader loader) {
            this.images = List.copyOf(Objects.requireNonNull(images, "images"));
            this.config = Objects.requireNonNull(config, "config");
            this.classes = Objects.requireNonNull(classes, "classes");
            this.loader = Objects.requireNonNull(loader, "loader");
            if (!config.normalization().isFitted()) {
                throw new IllegalArgumentException("The data config's " + config.normalization().kind() + " normalisation"
                        + " has no statistics yet: fit it on the training split first (CellImageDataset.fitNormalization,"
                        + " or use the config from trainingData(...).dataConfig() or from the trained model)");
            }
        }

        /** Images per batch (the last batch of a pass may be smaller); default 32. */
        public Builder batchSize(int n) {
            if (n <= 0) {
                throw new IllegalArgumentException("batchSize must be positive, got " + n);
            }
            this.batchSize = n;
            return this;
        }

        /** Shuffle each pass with this seed (fresh order every epoch); the seed also drives augmentation. */
        public Builder shuffle(long seed) {
            this.shuffle = true;
            this.seed = seed;
            return this;
        }

        /** Keep the images' order (the default): for validation and test. */
        public Builder fixedOrder() {
            this.shuffle = false;
            return this;
        }

        /** Seed for augmentation without shuffling (shuffle(seed) sets it too). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Random changes to every image, fresh each epoch; only for training data. Default none. */
        public Builder augmentation(Augmentation a) {
            this.augmentation = Objects.requireNonNull(a, "augmentation");
            return this;
        }

        /** At most {@code k} images per class, a seeded random choice ({@link PerClassSample}, with this builder's seed); 0 = all. */
        public Builder limitPerClass(int k) {
            if (k < 0) {
                throw new IllegalArgumentException("limitPerClass must be 0 (no limit) or positive, got " + k);
            }
            this.limitPerClass = k;
            return this;
        }

        /** Batches built ahead of use; 0 builds each batch when asked for it. Default twice the worker threads. */
        public Builder prefetch(int batches) {
            if (batches < 0) {
                throw new IllegalArgumentException("prefetch must be 0 or more batches, got " + batches);
            }
            this.prefetch = batches;
            return this;
        }

        /** Lenient mode: unreadable images are left out of their batch and reported here instead of failing. */
        Builder skipUnreadable(Consumer<DataProblem> sink) {
            this.skipSink = sink;
            return this;
        }

        public BccdIterator build() {
            if (images.isEmpty()) {
                throw new IllegalArgumentException("No images to iterate over");
            }
            return new BccdIterator(this, PerClassSample.atMost(images, limitPerClass, seed, PerClassSample.TRAINING));
        }
    }

    /** The images of one pass in their base order (the iteration order when not shuffled). */
    public List<LabeledImage> images() {
        return images;
    }

    /** The classes of the one-hot labels, in column order. */
    public ClassSet classes() {
        return classes;
    }

    /** The config the features are made for. */
    public DataConfig dataConfig() {
        return config;
    }

    /** The pass under way, counting from 0. */
    public int epoch() {
        return epoch;
    }

    /** Batches in one pass. */
    public int batchesPerEpoch() {
        return (images.size() + batchSize - 1) / batchSize;
    }

    @Override
    public long imagesPerEpoch() {
        return images.size();
    }

    public Augmentation augmentation() {
        return augmentation;
    }

    @Override
    public boolean hasNext() {
        while (pending == null && nextToTake < batchesPerEpoch()) {
            DataSet batch = take();
            // In lenient mode a batch of only unreadable images comes back empty: move on.
            if (batch.numExamples() > 0) {
                pending = batch;
            }
        }
        return pending != null;
    }

    @Override
    public DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException("The pass is over (" + batchesPerEpoch() + " batches); call reset() for the next epoch");
        }
        DataSet batch = pending;
        pending = null;
        synchronized (handedOut) {
            handedOut.addLast(new HandedOut(batch, batch.getFeatures()));
            if (handedOut.size() > MAX_HANDED_OUT) {
                handedOut.removeFirst(); // a consumer that does not recycle: leave its batches to the GC
            }
        }
        List<LabeledImage> rows = batch.getExampleMetaData(LabeledImage.class);
        lastPaths = rows.stream().map(LabeledImage::file).toList();
        lastGroups = rows.stream().anyMatch(r -> r.group() != null)
                ? java.util.Collections.unmodifiableList(new ArrayList<>(rows.stream().map(LabeledImage::group).toList())) : null;
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    /** Not supported: batches have the size the iterator was built with. */
    @Override
    public DataSet next(int num) {
        throw new UnsupportedOperationException("BccdIterator makes batches of " + batchSize
                + " images; build it with batchSize(" + num + ") instead");
    }

    /**
     * Takes back a batch this iterator returned: its feature array is filled again by a later batch
     * of the same size (see {@link BatchRecycling}), and the batch's features are unset.
     */
    @Override
    public void recycle(DataSet batch) {
        INDArray features = null;
        synchronized (handedOut) {
            for (java.util.Iterator<HandedOut> it = handedOut.iterator(); it.hasNext(); ) {
                HandedOut h = it.next();
                if (h.batch() == batch) {
                    it.remove();
                    features = h.features();
                    break;
                }
            }
        }
        if (features == null) {
            return; // not ours, or handed out too long ago
        }
        if (batch.getFeatures() == features) { // a preprocessor that replaced the array leaves ours to the GC
            spareFeatures.giveBack(features);
        }
        batch.setFeatures(null);
    }

    /** The files of the batch the last {@link #next()} returned, in row order (also in each batch's metadata). */
    @Override
    public List<Path> lastBatchPaths() {
        if (lastPaths == null) {
            throw new IllegalStateException("No batch taken since the last reset: call next() first");
        }
        return lastPaths;
    }

    /** The groups of the last batch's images (their source cells, patients, slides), or null when none has one. */
    @Override
    public List<String> lastBatchGroups() {
        lastBatchPaths(); // the same precondition
        return lastGroups;
    }

    @Override
    public void reset() {
        inFlight.forEach(f -> f.cancel(false));
        inFlight.clear();
        pending = null;
        lastPaths = null;
        lastGroups = null;
        if (passStarted) {
            epoch++;
            order = orderFor(epoch);
        }
        passStarted = false;
        nextToTake = 0;
        nextToSubmit = 0;
    }

    private DataSet take() {
        passStarted = true;
        fill();
        Future<DataSet> f = inFlight.poll();
        if (f == null) {
            f = submit(nextToSubmit++);
        }
        nextToTake++;
        fill();
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw DataThreads.unwrap(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a batch", e);
        }
    }

    /** Keeps {@code prefetch} batches being built beyond the one being taken. */
    private void fill() {
        while (nextToSubmit < batchesPerEpoch() && nextToSubmit - nextToTake < Math.max(1, prefetch)) {
            inFlight.add(submit(nextToSubmit++));
        }
    }

    private Future<DataSet> submit(int batchIndex) {
        int[] passOrder = order;
        int pass = epoch;
        return DataThreads.pool().submit(() -> buildBatch(passOrder, pass, batchIndex));
    }

    /** One batch of a pass: load, augment, normalise. Runs on a worker thread; touches no mutable state. */
    private DataSet buildBatch(int[] passOrder, int pass, int batchIndex) {
        int from = batchIndex * batchSize;
        int to = Math.min(from + batchSize, passOrder.length);
        int h = config.height();
        int w = config.width();
        List<LabeledImage> rows = new ArrayList<>(to - from);
        List<byte[]> pixels = new ArrayList<>(to - from);
        List<Integer> indices = new ArrayList<>(to - from);
        for (int k = from; k < to; k++) {
            int index = passOrder[k];
            LabeledImage image = images.get(index);
            try {
                pixels.add(loader.load(image.file(), h, w));
            } catch (BadImageException e) {
                if (skipSink == null) {
                    throw e;
                }
                skipSink.accept(DataProblem.of(e));
                continue;
            }
            rows.add(image);
            indices.add(index);
        }
        if (rows.isEmpty()) {
            return new DataSet();
        }
        int n = rows.size();
        // Straight into the batch's off-heap array: the core's one place where pixels become normalised
        // input, shared with prediction.
        InputBatch features = spareFeatures.batch(config, n);
        if (augmentation.isIdentity()) {
            for (int i = 0; i < n; i++) {
                features.put(i, pixels.get(i));
            }
        } else {
            float[] scratch = new float[config.valuesPerImage()];
            for (int i = 0; i < n; i++) {
                Augmenter.Transform t = Augmenter.draw(augmentation, h, w, Augmenter.randomFor(seed, pass, indices.get(i)));
                Augmenter.apply(pixels.get(i), h, w, t, augmentation.fillMode(), scratch);
                features.put(i, scratch);
            }
        }
        INDArray input = features.array();
        float[] oneHot = new float[n * classes.size()];
        for (int i = 0; i < n; i++) {
            oneHot[i * classes.size() + rows.get(i).label().index()] = 1f;
        }
        INDArray labels = InputTensors.floatArray(oneHot, new long[] {n, classes.size()});
        DataSet batch = new DataSet(input, labels);
        batch.setExampleMetaData(rows);
        batch.setLabelNames(classes.names());
        return batch;
    }

    private int[] orderFor(int pass) {
        int[] o = new int[images.size()];
        for (int i = 0; i < o.length; i++) {
            o[i] = i;
        }
        if (shuffle) {
            SplittableRandom rng = Augmenter.randomFor(seed, pass, -1);
            for (int i = o.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = o[i];
                o[i] = o[j];
                o[j] = t;
            }
        }
        return o;
    }

    @Override
    public int inputColumns() {
        return config.valuesPerImage();
    }

    @Override
    public int totalOutcomes() {
        return classes.size();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    /** False: the iterator prefetches itself; DL4J's own async wrapper would only add a second queue. */
    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return classes.names();
    }

    @Override
    public String toString() {
        return "BccdIterator(" + images.size() + " images, batch " + batchSize + ", " + config.sizeLabel() + " "
                + config.layout() + ", " + config.normalization().kind() + (shuffle ? ", shuffled" : "")
                + (augmentation.isIdentity() ? "" : ", augmented") + ")";
    }

    /** A batch handed out and the feature array it was built with. */
    private record HandedOut(DataSet batch, INDArray features) {
    }
}
