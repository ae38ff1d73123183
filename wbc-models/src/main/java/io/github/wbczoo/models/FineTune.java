package io.github.wbczoo.models;

import io.github.wbczoo.core.ClassSet;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.OutputRole;
import io.github.wbczoo.core.TrainingData;
import io.github.wbczoo.core.WbcDataSource;
import io.github.wbczoo.core.WbcModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training a trained model further on new data, possibly with new classes: the architecture is
 * rebuilt with one head column per new class, every layer but the head starts from the source
 * model's weights (the head starts fresh), the layers up to a named one can be frozen, and the
 * normalisation is the source's or re-fitted on the new training images. The rest is the
 * architecture's recipe (split, augmentation, optimiser, epochs), which can be changed with
 * {@link #recipe}. The new model's notes record the source model, the frozen layers and the
 * normalisation choice; its file stores the new classes.
 *
 * <p>Usage: {@code WbcModel m = FineTune.of(WbcModel.load(file)).freezeUpTo("stage3_pool").recipe(b -> b.epochs(5)).fit(data);}
 */
public final class FineTune {
    /** The notes a fine-tuned model carries. */
    public static final String SOURCE_NOTE = "fineTunedFrom";
    public static final String FROZEN_NOTE = "frozenUpTo";
    public static final String NORMALISATION_NOTE = "normalisation";

    private final WbcModel source;
    private final String sourceName;
    private ClassSet classes;
    private String freezeUpTo;
    private boolean refitNormalization;
    private UnaryOperator<ModelBuilder<?>> recipe = UnaryOperator.identity();

    private FineTune(WbcModel source, String sourceName) {
        this.source = Objects.requireNonNull(source, "source");
        this.sourceName = sourceName;
    }

    /** Fine-tunes a model in memory (e.g. just trained); its architecture must be a registered one. */
    public static FineTune of(WbcModel source) {
        return new FineTune(source, source.architecture() + " (in memory, weights of epoch " + source.weightsEpoch() + ")");
    }

    /** Fine-tunes the model in a {@code .wbc} file; the new model's notes name the file. */
    public static FineTune of(Path modelFile) {
        WbcModel m = WbcModel.load(modelFile);
        return new FineTune(m, modelFile.toAbsolutePath() + " (" + m.architecture() + ", weights of epoch " + m.weightsEpoch() + ")");
    }

    /** The new model's classes, in output order; by default the training data's own. */
    public FineTune classes(ClassSet cs) {
        this.classes = Objects.requireNonNull(cs, "classes");
        return this;
    }

    /**
     * Freeze every layer up to and including this one (by the architecture's layer names, e.g.
     * {@code stage3_pool}, {@code block4_pool}): their weights stay the source's. Default: nothing frozen.
     */
    public FineTune freezeUpTo(String layerName) {
        this.freezeUpTo = Objects.requireNonNull(layerName, "layerName");
        return this;
    }

    /**
     * Fit the normalisation statistics on the new training images (true) or keep the source's
     * (false, the default: the frozen layers were trained on inputs normalised that way).
     */
    public FineTune refitNormalization(boolean refit) {
        this.refitNormalization = refit;
        return this;
    }

    /** Changes to the architecture's recipe for this run, e.g. {@code b -> b.epochs(5).learningRate(1e-4)}. */
    public FineTune recipe(UnaryOperator<ModelBuilder<?>> change) {
        this.recipe = Objects.requireNonNull(change, "change");
        return this;
    }

    /** Trains with default run options and returns the new model. */
    public WbcModel fit(WbcDataSource data) {
        return prepare(data, RunOptions.defaults()).fit();
    }

    /**
     * Reads the data for the recipe, builds the new network from the source's weights and returns
     * the run, checked before any training: the layer to freeze must exist, the data's classes must
     * be the ones asked for, and the input size is the source's.
     */
    public TrainingRun prepare(WbcDataSource data, RunOptions options) {
        Objects.requireNonNull(data, "data");
        if (options.resumeFrom() != null) {
            throw new IllegalArgumentException("A fine-tuning run starts from its source model; resume it with the architecture's"
                    + " builder instead (RunOptions.resumeFrom with WbcModels.create(name).prepare)");
        }
        DataConfig sourceData = source.dataConfig();
        ModelBuilder<?> b = recipe.apply(WbcModels.create(source.architecture()))
                .inputSize(sourceData.height(), sourceData.width()).layout(sourceData.layout())
                .normalization(refitNormalization ? sourceData.normalization().unfitted() : sourceData.normalization());
        TrainingData d = data.trainingData(b.dataRequest());
        ClassSet target = classes != null ? classes : d.classes();
        if (!target.equals(d.classes())) {
            throw new IllegalArgumentException("Fine-tuning to " + target + ", but the data's classes are " + d.classes()
                    + ": leave classes(...) out to take the data's, or give data of those classes");
        }
        WbcModel start = network(b.classes(target), target);
        start.notes().put(SOURCE_NOTE, sourceName + ", classes " + source.classes());
        start.notes().put(FROZEN_NOTE, freezeUpTo == null ? "none" : freezeUpTo);
        start.notes().put(NORMALISATION_NOTE, refitNormalization ? "re-fitted on the fine-tuning data"
                : "kept from the source model: " + sourceData.normalization());
        return b.prepare(d.asSource(), options, start);
    }

    /** The architecture with the new head, every other layer's parameters copied from the source, frozen as asked. */
    private WbcModel network(ModelBuilder<?> b, ClassSet target) {
        WbcModel fresh = b.build();
        String head = headLayer(fresh.network(), fresh.outputs());
        Map<String, INDArray> from = source.network().paramTable();
        Map<String, INDArray> to = fresh.network().paramTable();
        for (Map.Entry<String, INDArray> e : to.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(head + "_")) {
                continue; // the head starts fresh: its columns are the new classes
            }
            INDArray old = from.get(key);
            if (old == null || !java.util.Arrays.equals(old.shape(), e.getValue().shape())) {
                throw new IllegalStateException("The source model's parameter " + key + " does not fit the rebuilt "
                        + source.architecture() + " (" + (old == null ? "missing" : java.util.Arrays.toString(old.shape()))
                        + " vs " + java.util.Arrays.toString(e.getValue().shape()) + ")");
            }
            fresh.network().setParam(key, old.dup());
        }
        if (freezeUpTo == null) {
            return fresh;
        }
        if (freezeUpTo.equals(head) || (fresh.network() instanceof MultiLayerNetwork m
                && freezeUpTo.equals(m.getLayerWiseConfigurations().getConf(m.getnLayers() - 1).getLayer().getLayerName()))) {
            throw new IllegalArgumentException("'" + freezeUpTo + "' is " + source.architecture() + "'s new head: freezing it"
                    + " would keep its random weights; freeze up to a layer before it");
        }
        Model frozen;
        if (fresh.network() instanceof ComputationGraph g) {
            if (g.getVertex(freezeUpTo) == null) {
                throw new IllegalArgumentException("No layer '" + freezeUpTo + "' in " + source.architecture() + "; its layers: "
                        + String.join(", ", g.getConfiguration().getTopologicalOrderStr()));
            }
            frozen = new TransferLearning.GraphBuilder(g).setFeatureExtractor(freezeUpTo).build();
            return withNotes(WbcModel.of(fresh.architecture(), (ComputationGraph) frozen, fresh.dataConfig(), fresh.outputs(),
                    target), fresh);
        }
        MultiLayerNetwork mln = (MultiLayerNetwork) fresh.network();
        int index = -1;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < mln.getnLayers(); i++) {
            String n = mln.getLayerWiseConfigurations().getConf(i).getLayer().getLayerName();
            names.add(n);
            if (freezeUpTo.equals(n)) {
                index = i;
            }
        }
        if (index < 0) {
            throw new IllegalArgumentException("No layer '" + freezeUpTo + "' in " + source.architecture() + "; its layers: "
                    + String.join(", ", names));
        }
        frozen = new TransferLearning.Builder(mln).setFeatureExtractor(index).build();
        return withNotes(WbcModel.of(fresh.architecture(), (MultiLayerNetwork) frozen, fresh.dataConfig(), target), fresh);
    }

    private static WbcModel withNotes(WbcModel model, WbcModel from) {
        model.notes().putAll(from.notes());
        return model;
    }

    /** The name of the class-probability output layer ({@code head}, {@code predictions}) or, in a network, its index. */
    private static String headLayer(Model network, List<OutputRole> roles) {
        if (network instanceof ComputationGraph g) {
            return g.getConfiguration().getNetworkOutputs().get(roles.indexOf(OutputRole.CLASS_PROBABILITIES));
        }
        return Integer.toString(((MultiLayerNetwork) network).getnLayers() - 1);
    }
}
