package io.github.wbczoo.core.train;

import io.github.wbczoo.core.EpochRecord;
import io.github.wbczoo.core.TrainingHistory;
import io.github.wbczoo.core.WbcBackend;
import io.github.wbczoo.core.WbcModel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training loop: epochs of optimisation over a {@link DataSetIterator}, validation after each
 * epoch, a {@link TrainingHistory} entry per epoch, and Keras-style callbacks. Works for single
 * networks and for multi-output graphs (the joint-loss autoencoder).
 *
 * <p>Usage: {@code TrainingHistory h = Trainer.fit(model, train, validation, TrainingConfig.defaults().withEpochs(5));}
 */
public final class Trainer {
    static {
        WbcBackend.init();
    }

    private Trainer() {
    }

    /**
     * Trains {@code model} in place until epoch {@code config.epochs()} (continuing its history),
     * and returns the history. {@code validation} may be null (no validation metrics then).
     */
    public static TrainingHistory fit(WbcModel model, DataSetIterator train, DataSetIterator validation, TrainingConfig config) {
        Nd4j.getRandom().setSeed(config.seed());
        TrainingHistory history = model.history();
        int firstEpoch = history.isEmpty() ? 1 : history.last().epoch() + 1;
        TrainingContext context = new TrainingContext(model, config.epochs());
        config.callbacks().forEach(c -> c.onTrainBegin(context));
        try {
            for (int epoch = firstEpoch; epoch <= config.epochs() && !context.stopRequested(); epoch++) {
                EpochRecord record = runEpoch(model, train, validation, config, epoch);
                history.add(record);
                model.weightsEpoch(epoch);
                config.progress().epochFinished(record, config.epochs());
                for (TrainingCallback c : config.callbacks()) {
                    c.onEpochEnd(record, context);
                }
            }
        } catch (RuntimeException | Error failure) {
            // The callbacks still end (best weights back), but a failure there must not hide why training stopped.
            for (TrainingCallback c : config.callbacks()) {
                try {
                    c.onTrainEnd(context);
                } catch (RuntimeException e) {
                    failure.addSuppressed(e);
                }
            }
            throw failure;
        }
        config.callbacks().forEach(c -> c.onTrainEnd(context));
        if (context.stopRequested()) {
            history.stopReason(context.stopReason());
        }
        return history;
    }

    private static EpochRecord runEpoch(WbcModel model, DataSetIterator train, DataSetIterator validation,
                                        TrainingConfig config, int epoch) {
        long start = System.nanoTime();
        double lr = model.learningRate();
        if (train.resetSupported()) {
            train.reset();
        }
        config.progress().epochStarted(epoch, config.epochs(), expectedImages(train));
        double lossSum = 0;
        long images = 0;
        long correct = 0;
        int batches = 0;
        long trainStart = System.nanoTime();
        while (train.hasNext()) {
            DataSet batch = train.next();
            if (config.trainAccuracy()) {
                correct += model.fitBatchCountingCorrect(batch); // from the step's own forward pass
            } else {
                model.fitBatch(batch);
            }
            double loss = model.network().score();
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("Training diverged in epoch " + epoch + ": the loss is " + loss
                        + ". Lower the learning rate (it was " + lr + ") or check the input normalisation.");
            }
            int n = batch.numExamples();
            lossSum += loss * n;
            images += n;
            batches++;
            config.progress().batchFinished(n, loss);
            BatchRecycling.recycle(train, batch); // nothing reads it again: its memory holds a later batch
        }
        if (batches == 0) {
            throw new IllegalStateException("The training iterator produced no batches in epoch " + epoch);
        }
        long trainNanos = System.nanoTime() - trainStart; // data fetching included: what a user waits for
        config.progress().trainingFinished();
        Validation v = validation == null ? null : validate(model, validation, config.progress());
        double seconds = (System.nanoTime() - start) / 1e9;
        double trainAcc = config.trainAccuracy() ? (double) correct / images : Double.NaN;
        return new EpochRecord(epoch, lossSum / images, trainAcc, v == null ? null : v.loss(),
                v == null ? null : v.accuracy(), lr, images / (trainNanos / 1e9), seconds,
                v == null ? null : v.topClassShare());
    }

    /**
     * One pass over validation data, without training.
     *
     * @param loss          mean loss
     * @param accuracy      share of images whose most probable class is the labelled one
     * @param topClassShare share of images given the most-predicted class (1.0 when every image got the same answer)
     */
    public record Validation(double loss, double accuracy, double topClassShare) {
    }

    /** Mean loss, accuracy and the most-predicted class's share over an iterator, without training. */
    public static Validation validate(WbcModel model, DataSetIterator data) {
        return validate(model, data, ProgressReporter.silent());
    }

    /** {@link #validate(WbcModel, DataSetIterator)}, telling {@code progress} about each batch. */
    public static Validation validate(WbcModel model, DataSetIterator data, ProgressReporter progress) {
        if (data.resetSupported()) {
            data.reset();
        }
        progress.validationStarted(expectedImages(data));
        double lossSum = 0;
        long images = 0;
        long correct = 0;
        long[] predictedCounts = null;
        while (data.hasNext()) {
            DataSet batch = data.next();
            int n = batch.numExamples();
            WbcModel.OutputAndLoss result = model.outputAndLoss(batch); // one forward pass for both
            INDArray probabilities = result.probabilities();
            INDArray predicted = probabilities.argMax(1);
            correct += correct(predicted, batch.getLabels());
            if (predictedCounts == null) {
                predictedCounts = new long[(int) probabilities.size(1)];
            }
            for (long c : predicted.toLongVector()) {
                predictedCounts[(int) c]++;
            }
            lossSum += result.loss() * n;
            images += n;
            progress.validationBatchFinished(n);
            BatchRecycling.recycle(data, batch);
        }
        if (images == 0) {
            throw new IllegalStateException("The validation iterator produced no images");
        }
        long top = java.util.Arrays.stream(predictedCounts).max().orElseThrow();
        return new Validation(lossSum / images, (double) correct / images, (double) top / images);
    }

    /** How many predicted class indices equal the one-hot labels' classes. */
    private static long correct(INDArray predicted, INDArray oneHot) {
        INDArray actual = oneHot.argMax(1);
        return predicted.eq(actual).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
    }

    private static long expectedImages(DataSetIterator it) {
        return it instanceof KnownSize k ? k.imagesPerEpoch() : -1;
    }
}
