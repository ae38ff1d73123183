package io.github.wbczoo.core;

import io.github.wbczoo.core.layers.BlockedOutputs;
import io.github.wbczoo.core.layers.InputGradients;
import io.github.wbczoo.core.train.InPlaceUpdaters;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * A white blood cell classifier: a DL4J network together with everything needed to use it
 * correctly later: its architecture name, its input {@link DataConfig} (size, layout and fitted
 * normalisation), and its training history. Saved and loaded as one file.
 *
 * <p>Usage: {@code WbcModel m = WbcModel.load(Path.of("model.wbc")); Prediction p = m.predict(Path.of("cell.jpeg"));}
 */
public final class WbcModel implements ImageClassifier {
    static {
        WbcBackend.init();
    }

    /** The note that records which split a model was trained on ({@link #recordTrainingSplit}). */
    public static final String SPLIT_NOTE = "split";
    private static final String LEAKY_PREFIX = "leaky: ";

    private final String architecture;
    private final Model network;
    private final List<OutputRole> outputs;
    private final ClassSet classes;
    private final Map<String, String> notes = new LinkedHashMap<>();
    private DataConfig dataConfig;
    private TrainingHistory history;
    private int weightsEpoch;
    private TrainingForwardAnswers answers;
    /** Input arrays of finished {@link #predict} batches, filled again by later ones. */
    private final InputBatchPool spareInputs = new InputBatchPool(2);

    private WbcModel(String architecture, Model network, DataConfig dataConfig, List<OutputRole> outputs,
                     ClassSet classes, TrainingHistory history) {
        this.architecture = Objects.requireNonNull(architecture, "architecture");
        this.network = Objects.requireNonNull(network, "network");
        this.dataConfig = Objects.requireNonNull(dataConfig, "dataConfig");
        this.outputs = List.copyOf(outputs);
        this.classes = Objects.requireNonNull(classes, "classes");
        this.history = history == null ? new TrainingHistory() : history;
        if (this.outputs.stream().filter(r -> r == OutputRole.CLASS_PROBABILITIES).count() != 1) {
            throw new IllegalArgumentException("A model needs exactly one CLASS_PROBABILITIES output, got " + outputs);
        }
        long width = OutputFeed.classOutputWidth(network, this.outputs);
        if (width >= 0 && width != classes.size()) {
            throw new IllegalArgumentException(architecture + "'s class output has " + width + " columns but " + classes.size()
                    + " classes were given (" + classes + ")");
        }
        if (network instanceof ComputationGraph graph) {
            SharedInputGuard.apply(graph);
        }
        // Nobody reads the gradient with respect to the images: the first convolution skips it.
        InputGradients.markInputLayers(network);
        // A convolution or pooling whose readers leave its output alone hands them its blocked copy too.
        BlockedOutputs.markSharingLayers(network);
    }

    /** Wraps an initialised single-output network for BCCD's four classes. */
    public static WbcModel of(String architecture, MultiLayerNetwork network, DataConfig dataConfig) {
        return of(architecture, network, dataConfig, ClassSet.BCCD);
    }

    /** Wraps an initialised single-output network whose output columns are these classes. */
    public static WbcModel of(String architecture, MultiLayerNetwork network, DataConfig dataConfig, ClassSet classes) {
        return new WbcModel(architecture, network, dataConfig, List.of(OutputRole.CLASS_PROBABILITIES), classes, null);
    }

    /** Wraps an initialised graph for BCCD's four classes (see {@link #of(String, ComputationGraph, DataConfig, List, ClassSet)}). */
    public static WbcModel of(String architecture, ComputationGraph network, DataConfig dataConfig, List<OutputRole> outputs) {
        return of(architecture, network, dataConfig, outputs, ClassSet.BCCD);
    }

    /** Wraps an initialised graph whose outputs (in {@code getConfiguration().getNetworkOutputs()} order) have these roles. */
    public static WbcModel of(String architecture, ComputationGraph network, DataConfig dataConfig, List<OutputRole> outputs,
                              ClassSet classes) {
        int n = network.getConfiguration().getNetworkOutputs().size();
        if (outputs.size() != n) {
            throw new IllegalArgumentException("The graph has " + n + " outputs but " + outputs.size() + " roles were given");
        }
        return new WbcModel(architecture, network, dataConfig, outputs, classes, null);
    }

    static WbcModel restored(String architecture, Model network, DataConfig dataConfig, List<OutputRole> outputs,
                             ClassSet classes, TrainingHistory history, Map<String, String> notes, int weightsEpoch) {
        WbcModel m = new WbcModel(architecture, network, dataConfig, outputs, classes, history);
        m.notes.putAll(notes);
        m.weightsEpoch = weightsEpoch;
        return m;
    }

    /** Registry name of the architecture, e.g. {@code inceptionParaB}. */
    public String architecture() {
        return architecture;
    }

    /** The DL4J network: a {@link MultiLayerNetwork} or a {@link ComputationGraph}. */
    public Model network() {
        return network;
    }

    public DataConfig dataConfig() {
        return dataConfig;
    }

    /** Replaces the data config, e.g. with normalisation statistics fitted on the training split. */
    public void dataConfig(DataConfig config) {
        DataConfig c = Objects.requireNonNull(config, "config");
        if (c.height() != dataConfig.height() || c.width() != dataConfig.width() || c.layout() != dataConfig.layout()) {
            throw new IllegalArgumentException("The network was built for " + dataConfig.sizeLabel() + " " + dataConfig.layout()
                    + " input; a data config for " + c.sizeLabel() + " " + c.layout() + " does not fit it");
        }
        this.dataConfig = c;
    }

    public List<OutputRole> outputs() {
        return outputs;
    }

    /** The classes of the output columns, which predictions answer with. */
    public ClassSet classes() {
        return classes;
    }

    public TrainingHistory history() {
        return history;
    }

    void history(TrainingHistory h) {
        this.history = Objects.requireNonNull(h);
    }

    /**
     * The epoch whose weights the network holds: the last trained epoch, or the best one after
     * best weights were restored; 0 for an untrained network. Saved in the model file.
     */
    public int weightsEpoch() {
        return weightsEpoch;
    }

    /** Records which epoch's weights the network now holds (the trainer and best-weights restore call this). */
    public void weightsEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("weightsEpoch must be 0 (untrained) or an epoch number, got " + epoch);
        }
        this.weightsEpoch = epoch;
    }

    /** Free-form facts saved with the model, e.g. {@code weights -> "trained from scratch"}. */
    public Map<String, String> notes() {
        return notes;
    }

    /**
     * Records the training split in the model's notes, so a report can say how the model was
     * validated and warn when the split was leaky (augmented copies of one cell on both sides).
     */
    public void recordTrainingSplit(String description, boolean leaky) {
        notes.put(SPLIT_NOTE, (leaky ? LEAKY_PREFIX : "") + description);
    }

    /** Whether {@link #recordTrainingSplit} said the training split was leaky. */
    public boolean trainedOnLeakySplit() {
        String note = notes.get(SPLIT_NOTE);
        return note != null && note.startsWith(LEAKY_PREFIX);
    }

    /** Trainable parameters, counted as Keras and PyTorch count them (see {@link TrainableParams}). */
    public long trainableParams() {
        return TrainableParams.count(network);
    }

    /** Class probabilities for a preprocessed batch (shape as {@link DataConfig#batchShape}); shape [batch, 4]. */
    public INDArray output(INDArray input) {
        if (network instanceof MultiLayerNetwork mln) {
            return mln.output(input, false);
        }
        return graph().output(false, input)[classOutputIndex()];
    }

    /** Predicts several images in one batch (one image or a file: {@link ImageClassifier}'s defaults). */
    @Override
    public List<Prediction> predict(List<BufferedImage> images) {
        if (images.isEmpty()) {
            return List.of();
        }
        // Resizing and normalising are pure and per image: on all cores for a batch (they cost about as much
        // as a small network's forward).
        DataConfig config = dataConfig;
        InputBatch batch = spareInputs.batch(config, images.size());
        java.util.stream.IntStream rows = java.util.stream.IntStream.range(0, images.size());
        (images.size() > 1 ? rows.parallel() : rows).forEach(i ->
                batch.put(i, ImageResizer.resizeRgb(images.get(i), config.height(), config.width())));
        INDArray probs = output(batch.array());
        List<Prediction> out = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            out.add(Prediction.of(probs.getRow(i).toFloatVector(), classes));
        }
        spareInputs.giveBack(batch.array()); // read into the predictions above: the next batch of this shape reuses it
        return out;
    }

    /** One optimisation step on a batch whose labels are one-hot classes. */
    public void fitBatch(DataSet batch) {
        InPlaceUpdaters.install(network); // again after DL4J rebuilt its updater (a learning-rate change)
        if (network instanceof MultiLayerNetwork mln) {
            mln.fit(batch);
        } else {
            graph().fit(toMultiDataSet(batch));
        }
    }

    /**
     * {@link #fitBatch} that also returns how many images of the batch the network classified
     * right in that step's own (training-mode) forward pass, before the update: training accuracy
     * at no extra forward pass.
     */
    public long fitBatchCountingCorrect(DataSet batch) {
        if (answers == null) {
            answers = new TrainingForwardAnswers(this);
            if (network instanceof MultiLayerNetwork mln) {
                mln.addListeners(answers);
            } else {
                graph().addListeners(answers);
            }
        }
        if (!answers.seesClassOutput()) { // a class head on several inputs: one more forward pass, as before
            long correct = countCorrect(output(batch.getFeatures()), batch.getLabels());
            fitBatch(batch);
            return correct;
        }
        answers.expect(batch.getLabels());
        fitBatch(batch);
        long correct = answers.correct();
        if (correct < 0) {
            throw new IllegalStateException("DL4J did not report the training forward pass of " + architecture);
        }
        return correct;
    }

    /** How many rows' most probable class is the one-hot label's. */
    static long countCorrect(INDArray probabilities, INDArray oneHot) {
        return probabilities.argMax(1).eq(oneHot.argMax(1)).castTo(org.nd4j.linalg.api.buffer.DataType.INT)
                .sumNumber().longValue();
    }

    /** Mean loss on a batch (all outputs' losses summed for multi-output graphs), without training. */
    public double loss(DataSet batch) {
        if (network instanceof MultiLayerNetwork mln) {
            return mln.score(batch, false);
        }
        return graph().score(toMultiDataSet(batch), false);
    }

    /**
     * Class probabilities and mean loss of a batch from one forward pass (what validation needs):
     * {@link #output} then {@link #loss} would run the network twice. Equal to those two calls.
     *
     * @param probabilities shape [batch, classes]
     * @param loss          mean loss, regularisation included, all outputs' losses summed for graphs
     */
    public record OutputAndLoss(INDArray probabilities, double loss) {
    }

    /** {@link #output} and {@link #loss} of a labelled batch in one forward pass. */
    public OutputAndLoss outputAndLoss(DataSet batch) {
        if (batch.hasMaskArrays()) {
            return new OutputAndLoss(output(batch.getFeatures()), loss(batch));
        }
        if (network instanceof MultiLayerNetwork mln) {
            int n = mln.getnLayers();
            if (n < 3 || !(mln.getOutputLayer() instanceof IOutputLayer)) {
                return new OutputAndLoss(output(batch.getFeatures()), loss(batch));
            }
            // Everything but the output layer, as DL4J's own score() does, then the output layer once for both.
            mln.setInput(batch.getFeatures()); // the layers' preprocessors read the batch size from it
            OutputFeed feed = OutputFeed.of(mln);
            try {
                return WorkspaceOutputs.ofNetwork(mln, n - 2, batch.getFeatures(), acts -> new OutputAndLoss(
                        feed.activateInPlace(acts).detach(),
                        feed.scoreInPlace(acts, batch.getLabels(), mln.calcRegularizationScore(true))));
            } finally {
                mln.clearLayersStates(); // no layer keeps arrays of a workspace the next batch reuses
            }
        }
        ComputationGraph g = graph();
        List<String> outputNames = g.getConfiguration().getNetworkOutputs();
        // The outputs and the vertices feeding them (once each: DL4J returns null for a repeated name). Asking for
        // the feeding vertices alone leaves one of DL4J's workspaces open when the pass stops before a consumer.
        List<String> wanted = new ArrayList<>(outputNames);
        List<OutputFeed> feeds = new ArrayList<>();
        for (String name : outputNames) {
            OutputFeed feed = OutputFeed.of(g, name);
            if (feed == null) {
                return new OutputAndLoss(output(batch.getFeatures()), loss(batch));
            }
            feeds.add(feed);
            if (!wanted.contains(feed.input())) {
                wanted.add(feed.input());
            }
        }
        MultiDataSet labelled = toMultiDataSet(batch);
        // Where every head can be scored from its own output, the outputs alone: no feeding vertex is copied out.
        boolean fromOutputs = feeds.stream().allMatch(OutputFeed::scoresFromOutput);
        INDArray[] acts = fromOutputs ? g.output(false, batch.getFeatures())
                : g.output(wanted, false, new INDArray[] {batch.getFeatures()}, null);
        double regularisation = g.calcRegularizationScore(true);
        double loss = 0;
        for (int i = 0; i < feeds.size(); i++) {
            OutputFeed feed = feeds.get(i);
            loss += fromOutputs ? feed.scoreFromOutput(acts[i], labelled.getLabels(i), regularisation)
                    : feed.scoreInPlace(acts[wanted.indexOf(feed.input())], labelled.getLabels(i), regularisation);
            regularisation = 0; // added once, as DL4J's score() does
        }
        return new OutputAndLoss(acts[classOutputIndex()], loss); // the outputs come first in both
    }

    /** The batch as a graph needs it: each output gets the labels or the input, by its role. */
    public MultiDataSet toMultiDataSet(DataSet batch) {
        INDArray[] labels = new INDArray[outputs.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = outputs.get(i) == OutputRole.CLASS_PROBABILITIES ? batch.getLabels() : batch.getFeatures();
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {batch.getFeatures()}, labels);
    }

    /** Current learning rate of the first layer that has one. */
    public double learningRate() {
        if (network instanceof MultiLayerNetwork mln) {
            for (int i = 0; i < mln.getnLayers(); i++) {
                Double lr = mln.getLearningRate(i);
                if (lr != null) {
                    return lr;
                }
            }
        } else {
            for (org.deeplearning4j.nn.api.Layer l : graph().getLayers()) {
                Double lr = graph().getLearningRate(l.conf().getLayer().getLayerName());
                if (lr != null) {
                    return lr;
                }
            }
        }
        return Double.NaN;
    }

    /** Sets the learning rate of every layer (used by {@code ReduceLROnPlateau}). */
    public void learningRate(double lr) {
        if (network instanceof MultiLayerNetwork mln) {
            mln.setLearningRate(lr);
        } else {
            graph().setLearningRate(lr);
        }
    }

    /** A copy of all parameters (including batch-norm statistics), for restoring the best weights later. */
    public INDArray snapshotParams() {
        return network.params().dup();
    }

    /** Restores parameters taken with {@link #snapshotParams()} after epoch {@code epoch}. */
    public void restoreParams(INDArray params, int epoch) {
        network.setParams(params);
        weightsEpoch(epoch);
    }

    /** Saves network, data config, architecture, outputs, notes and history as one file, atomically. */
    public void save(Path file) {
        ModelFile.write(this, file);
    }

    /**
     * Saves for inference and fine-tuning only: as {@link #save}, without the optimiser's state
     * (Adam's two moments are twice the weights), so the file is a third of the size. Training it
     * further starts the optimiser afresh.
     */
    public void saveWithoutOptimizerState(Path file) {
        ModelFile.write(this, file, false);
    }

    /**
     * Replaces the training history saved in a model file (atomically), leaving its network and
     * weights as they are: a best-model checkpoint keeps the whole history of the run.
     */
    public static void rewriteHistory(Path file, TrainingHistory history) {
        ModelFile.rewriteHistory(file, history);
    }

    /** Loads a model saved with {@link #save(Path)}. */
    public static WbcModel load(Path file) {
        return ModelFile.read(file);
    }

    int classOutputIndex() {
        return outputs.indexOf(OutputRole.CLASS_PROBABILITIES);
    }

    private ComputationGraph graph() {
        return (ComputationGraph) network;
    }

    @Override
    public String toString() {
        return architecture + " (" + trainableParams() + " trainable params, input " + dataConfig.sizeLabel() + ", "
                + dataConfig.normalization() + ")";
    }
}
