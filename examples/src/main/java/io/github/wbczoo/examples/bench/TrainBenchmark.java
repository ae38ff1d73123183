package io.github.wbczoo.examples.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.EpochRecord;
import io.github.wbczoo.core.TrainingData;
import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.core.train.BatchRecycling;
import io.github.wbczoo.core.train.ProgressReporter;
import io.github.wbczoo.core.train.Trainer;
import io.github.wbczoo.core.train.TrainingConfig;
import io.github.wbczoo.models.ModelBuilder;
import io.github.wbczoo.models.RunOptions;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times the real training path of one zoo model: the recipe's model, data (real images,
 * normalisation, augmentation) and {@link Trainer#fit} with the recipe's training config
 * (callbacks, training accuracy), for one epoch or a fixed number of batches, after a few
 * warm-up batches that are excluded. The training pass's wall time is split into phases:
 * <ul>
 *   <li>fetch: time inside the training iterator's {@code hasNext()}/{@code next()} (a wrapper);</li>
 *   <li>forward: from {@code next()} returning to DL4J's {@code onForwardPass} (activations up to the
 *       layer before the output layer);</li>
 *   <li>backward: from there to {@code onBackwardPass} (output layer, gradients and score);</li>
 *   <li>updater: from there to {@code iterationDone} (the optimiser step);</li>
 *   <li>other: the rest (training-accuracy answers, score read-back, progress, DL4J bookkeeping).</li>
 * </ul>
 * GC is the JVM collectors' time in the same window; it overlaps the phases. The synthetic figure
 * is the same model's training steps on one random batch (what {@code bench models} times), half
 * the timed steps just before the real window and half just after, in the same JVM; those steps
 * train the model too, so the reported training loss is not a fresh model's. The warm-up figure is
 * the untimed steps' own rate (JIT compilation, oneDNN primitive creation): what the first steps of a
 * run cost, left out of the steady figure.
 *
 * <p>Usage: {@code TrainBenchmark.Result r = TrainBenchmark.run(builder, dataset.trainingData(builder.dataRequest()), 3, 0);}
 */
public final class TrainBenchmark {
    private TrainBenchmark() {
    }

    /**
     * Shares of the timed training pass's wall time; they sum to 1.
     *
     * @param fetch    inside the training iterator
     * @param forward  forward pass up to the output layer
     * @param backward output layer, backpropagation and score
     * @param updater  optimiser step
     * @param other    the rest: training-accuracy answers, progress, bookkeeping
     */
    public record Phases(@JsonProperty("fetch") double fetch,
                         @JsonProperty("forward") double forward,
                         @JsonProperty("backward") double backward,
                         @JsonProperty("updater") double updater,
                         @JsonProperty("other") double other) {
    }

    /** One model's figures; see the class comment for what each phase covers. */
    public record Result(@JsonProperty("model") String model,
                         @JsonProperty("inputWidth") int inputWidth,
                         @JsonProperty("inputHeight") int inputHeight,
                         @JsonProperty("batchSize") int batchSize,
                         @JsonProperty("warmupSteps") int warmupSteps,
                         @JsonProperty("steps") int steps,
                         @JsonProperty("trainImages") long trainImages,
                         @JsonProperty("trainSeconds") double trainSeconds,
                         @JsonProperty("trainImagesPerSec") double trainImagesPerSec,
                         @JsonProperty("validationImages") long validationImages,
                         @JsonProperty("validationImagesPerSec") double validationImagesPerSec,
                         @JsonProperty("phases") Phases phases,
                         @JsonProperty("gcShare") double gcShare,
                         @JsonProperty("trainLoss") double trainLoss,
                         @JsonProperty("augmentation") String augmentation,
                         @JsonProperty("threads") int threads,
                         @JsonProperty("ompWaitPolicy") String ompWaitPolicy,
                         @JsonProperty("warmupImagesPerSec") double warmupImagesPerSec,
                         @JsonProperty("syntheticImagesPerSec") double syntheticImagesPerSec,
                         @JsonProperty("realOverSynthetic") double realOverSynthetic) {
    }

    /**
     * Trains a fresh model from {@code builder} on {@code data} (made for {@code builder.dataRequest()})
     * for {@code warmup} untimed batches, then {@code steps} timed batches ({@code 0}: one full pass
     * over the training images), in one {@link Trainer#fit} epoch, and validates once.
     */
    public static Result run(ModelBuilder<?> builder, TrainingData data, int warmup, int steps) {
        if (warmup < 0 || steps < 0) {
            throw new IllegalArgumentException("warmup and steps must not be negative, got " + warmup + " and " + steps);
        }
        WbcModel model = builder.build();
        // As ModelBuilder.prepare does: the model carries the fitted normalisation.
        model.dataConfig(data.dataConfig());
        model.recordTrainingSplit(data.description(), data.leaky());
        PhaseClock clock = new PhaseClock(model.network());
        StepIterator train = new StepIterator(data.train(), warmup, steps, clock);
        ValidationClock validation = new ValidationClock(clock);
        // The recipe's config (callbacks, training accuracy, optimiser), but one epoch and our timing hooks.
        TrainingConfig config = builder.trainingConfig(RunOptions.defaults().progress(validation)).withEpochs(1);

        // The same model on one random batch, as `bench models` times it, just before and just after the real
        // window: this host's speed drifts within minutes, so real / synthetic is only meaningful in one JVM and run.
        int batch = builder.recipe().batchSize();
        DataSet random = ModelBenchmark.syntheticBatch(data.dataConfig(), batch, model.classes().size());
        int syntheticSteps = Math.max(5, (steps == 0 ? 50 : steps) / 2);
        syntheticSeconds(model, random, warmup);
        double before = syntheticSeconds(model, random, syntheticSteps);
        Trainer.fit(model, train, data.validation(), config);
        double after = syntheticSeconds(model, random, syntheticSteps);
        double syntheticRate = 2.0 * syntheticSteps * batch / (before + after);

        if (clock.windowEnd == 0 || train.measuredSteps == 0) {
            throw new IllegalStateException("No timed training batch for " + builder.name());
        }
        double window = clock.windowEnd - clock.windowStart;
        double fetch = train.fetchNanos / window;
        double forward = clock.forwardNanos / window;
        double backward = clock.backwardNanos / window;
        double updater = clock.updaterNanos / window;
        double other = Math.max(0, 1 - fetch - forward - backward - updater);
        DataConfig dc = data.dataConfig();
        EpochRecord record = model.history().last();
        double realRate = train.measuredImages / (window / 1e9);
        return new Result(builder.name(), dc.width(), dc.height(), batch, warmup, train.measuredSteps,
                train.measuredImages, window / 1e9, realRate, validation.images(),
                validation.imagesPerSecond(), new Phases(fetch, forward, backward, updater, other),
                (clock.gcEndMillis - clock.gcStartMillis) * 1e6 / window, record.trainLoss(),
                builder.recipe().augmentation().summary(), Nd4j.getEnvironment().maxThreads(), ompWaitPolicy(),
                train.warmupImagesPerSecond(clock.windowStart), syntheticRate, realRate / syntheticRate);
    }

    /** Wall seconds of {@code steps} training steps on one fixed batch. */
    private static double syntheticSeconds(WbcModel model, DataSet batch, int steps) {
        long t = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            model.fitBatch(batch);
        }
        model.network().score(); // the last step's work is done
        return (System.nanoTime() - t) / 1e9;
    }

    /** The JVM's OpenMP wait policy as its environment sets it. */
    private static String ompWaitPolicy() {
        return envOrUnset("OMP_WAIT_POLICY");
    }

    /** How the JVM's OpenMP threads wait, as benchmark headers print it: the policy and libgomp's spin count. */
    public static String openMpWaits() {
        return "OMP_WAIT_POLICY=" + ompWaitPolicy() + ", GOMP_SPINCOUNT=" + envOrUnset("GOMP_SPINCOUNT");
    }

    private static String envOrUnset(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? "unset" : v;
    }

    static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime()); // -1 when a collector cannot tell
        }
        return total;
    }

    /**
     * The timed window and the per-step phase timestamps. Two DL4J listeners bracket the model's
     * own (the training-accuracy one, which works in {@code onForwardPass}), so its cost is not
     * counted as forward or backward but falls in "other".
     */
    static final class PhaseClock {
        private final Model network;
        private final Marker first = new Marker(true);
        private final Marker last = new Marker(false);
        long windowStart;
        long windowEnd;
        long gcStartMillis;
        long gcEndMillis;
        boolean measuring;
        private long stepStart = -1;
        private long mark;
        long forwardNanos;
        long backwardNanos;
        long updaterNanos;

        PhaseClock(Model network) {
            this.network = network;
        }

        void startWindow() {
            measuring = true;
            gcStartMillis = gcMillis();
            windowStart = System.nanoTime();
        }

        void endWindow() {
            if (measuring) {
                windowEnd = System.nanoTime();
                gcEndMillis = gcMillis();
                measuring = false;
                stepStart = -1;
            }
        }

        /** A timed step begins (the batch has just been fetched). */
        void stepStarted(long now) {
            stepStart = now;
        }

        /** Keeps {@link #first} first and {@link #last} last among the network's listeners; the model adds its own lazily. */
        void placeListeners() {
            Collection<TrainingListener> current = network instanceof MultiLayerNetwork m ? m.getListeners()
                    : ((ComputationGraph) network).getListeners();
            List<TrainingListener> now = current == null ? List.of() : List.copyOf(current);
            if (!now.isEmpty() && now.get(0) == first && now.get(now.size() - 1) == last) {
                return;
            }
            List<TrainingListener> placed = new ArrayList<>();
            placed.add(first);
            now.stream().filter(l -> l != first && l != last).forEach(placed::add);
            placed.add(last);
            network.setListeners(placed);
        }

        /** A listener at one end of the list: the first marks the end of the forward pass, the last the rest. */
        private final class Marker extends BaseTrainingListener {
            private final boolean isFirst;

            Marker(boolean isFirst) {
                this.isFirst = isFirst;
            }

            private void forwardDone() {
                if (stepStart < 0) {
                    return;
                }
                long now = System.nanoTime();
                if (isFirst) {
                    forwardNanos += now - stepStart;
                }
                mark = now; // the last marker moves it past the training-accuracy listener
            }

            @Override
            public void onForwardPass(Model model, List<INDArray> activations) {
                forwardDone();
            }

            @Override
            public void onForwardPass(Model model, Map<String, INDArray> activations) {
                forwardDone();
            }

            @Override
            public void onBackwardPass(Model model) {
                if (!isFirst && stepStart >= 0) {
                    long now = System.nanoTime();
                    backwardNanos += now - mark;
                    mark = now;
                }
            }

            @Override
            public void iterationDone(Model model, int iteration, int epoch) {
                if (!isFirst && stepStart >= 0) {
                    updaterNanos += System.nanoTime() - mark;
                    stepStart = -1; // one step, one set of phases
                }
            }
        }
    }

    /**
     * The training iterator the Trainer sees: {@code warmup} batches, then {@code steps} timed
     * ones (or one fresh full pass when 0), restarting the wrapped iterator whenever it runs out so
     * any count works on few images. Time spent inside it during the window is "fetch".
     */
    static final class StepIterator implements DataSetIterator, BatchRecycling {
        private static final long serialVersionUID = 1L;
        private final transient DataSetIterator inner;
        private final int warmup;
        private final int steps;
        private final transient PhaseClock clock;
        private int produced;
        private long firstFetch;
        private long warmupImages;
        long fetchNanos;
        long measuredImages;
        int measuredSteps;

        StepIterator(DataSetIterator inner, int warmup, int steps, PhaseClock clock) {
            this.inner = inner;
            this.warmup = warmup;
            this.steps = steps;
            this.clock = clock;
        }

        @Override
        public boolean hasNext() {
            maybeStartWindow();
            long t = System.nanoTime();
            boolean more = available();
            if (clock.measuring) {
                fetchNanos += System.nanoTime() - t;
            }
            return more;
        }

        @Override
        public DataSet next() {
            maybeStartWindow();
            if (clock.measuring) {
                clock.placeListeners();
            }
            long t = System.nanoTime();
            if (!available()) {
                throw new java.util.NoSuchElementException("No more benchmark batches (" + produced + " taken)");
            }
            DataSet batch = inner.next();
            if (produced == 0) {
                firstFetch = t;
            }
            if (produced < warmup) {
                warmupImages += batch.numExamples();
            }
            produced++;
            long now = System.nanoTime();
            if (clock.measuring) {
                fetchNanos += now - t;
                measuredImages += batch.numExamples();
                measuredSteps++;
                clock.stepStarted(now);
            }
            return batch;
        }

        /**
         * Images/s of the warm-up steps, first fetch to the timed window's start: the JIT still compiles and
         * oneDNN still creates its primitives then. NaN without warm-up.
         */
        double warmupImagesPerSecond(long windowStart) {
            return warmupImages == 0 ? Double.NaN : warmupImages / ((windowStart - firstFetch) / 1e9);
        }

        /** At the first request after the warm-up: a fresh pass for the one-epoch mode, then the clock starts. */
        private void maybeStartWindow() {
            if (produced == warmup && !clock.measuring && clock.windowEnd == 0) {
                if (steps == 0 && warmup > 0) {
                    inner.reset();
                }
                clock.startWindow();
            }
        }

        private boolean available() {
            boolean timed = produced >= warmup;
            if (timed && steps == 0) {
                return inner.hasNext(); // one pass, as an epoch of training
            }
            if (timed && produced - warmup >= steps) {
                return false;
            }
            if (!inner.hasNext()) {
                inner.reset(); // fewer batches than asked for in one pass: start another
            }
            return inner.hasNext();
        }

        @Override
        public DataSet next(int num) {
            throw new UnsupportedOperationException("Batches have the recipe's size");
        }

        /** As the Trainer hands batches back to the real iterator, so the benchmark times the same memory reuse. */
        @Override
        public void recycle(DataSet batch) {
            BatchRecycling.recycle(inner, batch);
        }

        @Override
        public int inputColumns() {
            return inner.inputColumns();
        }

        @Override
        public int totalOutcomes() {
            return inner.totalOutcomes();
        }

        @Override
        public boolean resetSupported() {
            return true;
        }

        @Override
        public boolean asyncSupported() {
            return false; // the wrapped iterator prefetches itself; another thread would hide the fetch time
        }

        /** The Trainer's reset at the start of the epoch. */
        @Override
        public void reset() {
            inner.reset();
            produced = 0;
        }

        @Override
        public int batch() {
            return inner.batch();
        }

        @Override
        public void setPreProcessor(DataSetPreProcessor preProcessor) {
            inner.setPreProcessor(preProcessor);
        }

        @Override
        public DataSetPreProcessor getPreProcessor() {
            return inner.getPreProcessor();
        }

        @Override
        public List<String> getLabels() {
            return inner.getLabels();
        }
    }

    /**
     * Ends the training window when the Trainer's pass ends, and times validation. The first
     * validation batch is left out when there are more (it pays for the inference path's warm-up).
     */
    static final class ValidationClock implements ProgressReporter {
        private final PhaseClock clock;
        private long start;
        private long firstBatchEnd;
        private long lastBatchEnd;
        private long images;
        private long firstBatchImages;
        private int batches;

        ValidationClock(PhaseClock clock) {
            this.clock = clock;
        }

        @Override
        public void trainingFinished() {
            clock.endWindow();
        }

        @Override
        public void validationStarted(long expectedImages) {
            start = System.nanoTime();
        }

        @Override
        public void validationBatchFinished(int n) {
            long now = System.nanoTime();
            if (batches == 0) {
                firstBatchEnd = now;
                firstBatchImages = n;
            }
            batches++;
            images += n;
            lastBatchEnd = now;
        }

        @Override
        public void epochFinished(EpochRecord record, int epochs) {
        }

        long images() {
            return images;
        }

        double imagesPerSecond() {
            if (batches == 0) {
                return 0;
            }
            if (batches == 1) {
                return images / ((lastBatchEnd - start) / 1e9);
            }
            return (images - firstBatchImages) / ((lastBatchEnd - firstBatchEnd) / 1e9);
        }
    }
}
