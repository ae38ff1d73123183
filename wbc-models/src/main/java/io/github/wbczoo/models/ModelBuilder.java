package io.github.wbczoo.models;

import io.github.wbczoo.core.Augmentation;
import io.github.wbczoo.core.ChannelLayout;
import io.github.wbczoo.core.ClassSet;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.DataRequest;
import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.Paper;
import io.github.wbczoo.core.SplitPolicy;
import io.github.wbczoo.core.TrainingData;
import io.github.wbczoo.core.WbcBackend;
import io.github.wbczoo.core.WbcDataSource;
import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.core.train.EarlyStopping;
import io.github.wbczoo.core.train.ModelCheckpoint;
import io.github.wbczoo.core.train.TrainingCallback;
import io.github.wbczoo.core.train.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The fluent builder every architecture shares: it starts from the paper's {@link Recipe} and lets
 * every part of what is trained be overridden, then {@link #build()} validates and creates the
 * network, and {@link #fit(WbcDataSource)} trains it with the whole recipe (split, normalisation
 * statistics, augmentation, optimiser, epochs, best weights). How a run is watched and kept
 * (progress, checkpoints, extra callbacks, resuming) is not a builder setting but a
 * {@link RunOptions} given to {@link #prepare}. Families add their own knobs in a subclass.
 *
 * <p>Usage: {@code WbcModel m = WbcModels.inceptionParaB().epochs(5).seed(7).fit(BccdDataset.open(dir));}
 *
 * @param <B> the concrete builder, so chained calls keep family-specific methods
 */
public abstract class ModelBuilder<B extends ModelBuilder<B>> {
    static {
        WbcBackend.init();
    }

    private String name;
    private final Paper paper;
    private DataConfig data;
    private SplitPolicy split;
    private Augmentation augmentation;
    private IUpdater updater;
    private int batchSize;
    private int epochs;
    private String bestWeightsMonitor;
    private Recipe.ReduceLROnPlateauSpec reduceLrOnPlateau;
    private long seed = 42;
    private int limitPerClass;
    private int testLimitPerClass;
    private DataType dataType = DataType.FLOAT;
    /** Null: the data's classes, taken when a run is prepared; BCCD's four when a network is built without data. */
    private ClassSet classes;

    protected ModelBuilder(String name, Paper paper, Recipe recipe) {
        this.name = Objects.requireNonNull(name, "name");
        this.paper = Objects.requireNonNull(paper, "paper");
        this.data = recipe.data();
        this.split = recipe.split();
        this.augmentation = recipe.augmentation();
        // a copy: DL4J and ReduceLROnPlateau change the updater they are given, never the recipe's
        this.updater = recipe.updater().clone();
        this.batchSize = recipe.batchSize();
        this.epochs = recipe.epochs();
        this.bestWeightsMonitor = recipe.bestWeightsMonitor();
        this.reduceLrOnPlateau = recipe.reduceLrOnPlateau();
    }

    @SuppressWarnings("unchecked")
    protected final B self() {
        return (B) this;
    }

    // ---- overrides -------------------------------------------------------------------------

    /** Input size in pixels, height first (the papers' "80x60" is width 80, height 60). */
    public B inputSize(int height, int width) {
        this.data = data.withSize(height, width);
        return self();
    }

    public B normalization(Normalization n) {
        this.data = data.withNormalization(Objects.requireNonNull(n, "normalization"));
        return self();
    }

    /** Channel layout of the input batches; families that only support one reject others in {@link #build()}. */
    public B layout(ChannelLayout layout) {
        this.data = data.withLayout(Objects.requireNonNull(layout, "layout"));
        return self();
    }

    public B split(SplitPolicy s) {
        this.split = Objects.requireNonNull(s, "split");
        return self();
    }

    public B augmentation(Augmentation a) {
        this.augmentation = Objects.requireNonNull(a, "augmentation");
        return self();
    }

    /** The optimiser, with its learning rate (e.g. {@code new Adam(1e-4)}). */
    public B updater(IUpdater u) {
        this.updater = Objects.requireNonNull(u, "updater");
        return self();
    }

    /** Changes only the learning rate of the recipe's optimiser. */
    public B learningRate(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learningRate must be positive and finite, got " + lr);
        }
        IUpdater u = updater.clone();
        if (!u.hasLearningRate()) {
            throw new IllegalArgumentException(u.getClass().getSimpleName() + " has no learning rate to set");
        }
        u.setLrAndSchedule(lr, null);
        this.updater = u;
        return self();
    }

    public B batchSize(int n) {
        this.batchSize = n;
        return self();
    }

    public B epochs(int n) {
        this.epochs = n;
        return self();
    }

    public B seed(long s) {
        this.seed = s;
        return self();
    }

    /** Keep the weights of the epoch with the best value of this metric (e.g. {@code val_loss}); null keeps the last. */
    public B bestWeightsMonitor(String metric) {
        this.bestWeightsMonitor = metric;
        return self();
    }

    /** Replace the recipe's learning-rate schedule; null for a constant rate. */
    public B reduceLrOnPlateau(Recipe.ReduceLROnPlateauSpec spec) {
        this.reduceLrOnPlateau = spec;
        return self();
    }

    /** At most {@code k} training images per class, for quick runs; 0 = all. */
    public B limitPerClass(int k) {
        this.limitPerClass = k;
        return self();
    }

    /**
     * The classes the model tells apart, in output order: its head gets one column per class.
     * By default the training data's own ({@link #prepare} takes them from the data source), and
     * BCCD's four for a network built without data; set them to insist on a class set, and
     * {@link #prepare} fails on data of other classes.
     */
    public B classes(ClassSet cs) {
        this.classes = Objects.requireNonNull(cs, "classes");
        return self();
    }

    /** The classes of the model's output columns: the ones set, else BCCD's four (until {@link #prepare} takes the data's). */
    public ClassSet classes() {
        return classes != null ? classes : ClassSet.BCCD;
    }

    /**
     * At most {@code k} images per class of each held-out split ({@link TrainingRun#testSets()}); 0 = all.
     * For smoke tests only: the figures then rest on a few images.
     */
    public B testLimitPerClass(int k) {
        this.testLimitPerClass = k;
        return self();
    }

    /**
     * The network's floating-point type: {@code FLOAT} (the default, what training uses) or
     * {@code DOUBLE} (for numerical gradient checks). {@link #build()} verifies the family honoured it.
     */
    public B dataType(DataType type) {
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException(name + ": dataType must be FLOAT or DOUBLE, got " + type);
        }
        this.dataType = type;
        return self();
    }

    // ---- what the builder describes ---------------------------------------------------------

    public String name() {
        return name;
    }

    public Paper paper() {
        return paper;
    }

    /**
     * Trainable parameters (Keras/PyTorch counting) of the network the current settings describe.
     * Builds it by default; families whose networks are too large to allocate casually (the
     * full-size autoencoder) override this with an exact count from the layer sizes.
     */
    public long trainableParams() {
        return build().trainableParams();
    }

    /** The input config the model will carry (statistics are fitted by {@link #fit(WbcDataSource)}). */
    public DataConfig dataConfig() {
        return data;
    }

    /** The current recipe, overrides applied. */
    public Recipe recipe() {
        return new Recipe(data, split, augmentation, updater, batchSize, epochs,
                bestWeightsMonitor, reduceLrOnPlateau);
    }

    /** What a data source needs to feed this model. */
    public DataRequest dataRequest() {
        validate();
        return new DataRequest(data, split, augmentation, batchSize, seed, limitPerClass, testLimitPerClass);
    }

    /**
     * The trainer's configuration for a run: epochs, seed, the recipe's callbacks (learning-rate
     * schedule, best weights restored), then the options' checkpoints and callbacks, and their
     * progress. The batch size goes to {@link #dataRequest()}, the optimiser into the network
     * {@link #build()} makes.
     */
    public TrainingConfig trainingConfig(RunOptions options) {
        validate();
        List<TrainingCallback> all = new ArrayList<>();
        if (reduceLrOnPlateau != null) {
            all.add(reduceLrOnPlateau.create());
        }
        if (bestWeightsMonitor != null) {
            all.add(EarlyStopping.restoreBest(bestWeightsMonitor));
            if (options.bestModel() != null) {
                all.add(new ModelCheckpoint(options.bestModel(), bestWeightsMonitor, true));
            }
        } else if (options.bestModel() != null) {
            // no monitor: the recipe keeps the last epoch's weights, so the "best" file is the latest epoch's
            all.add(new ModelCheckpoint(options.bestModel(), "val_loss", false));
        }
        if (options.latestModel() != null) {
            all.add(new ModelCheckpoint(options.latestModel(), "loss", false));
        }
        all.addAll(options.callbacks());
        return new TrainingConfig(epochs, seed, all, options.progress(), true);
    }

    // ---- terminal operations ----------------------------------------------------------------

    /** Validates every setting and returns the untrained model. */
    public final WbcModel build() {
        validate();
        WbcModel model = createModel();
        if (!model.architecture().equals(name)) {
            throw new IllegalStateException("Builder for " + name + " produced a model named " + model.architecture());
        }
        if (!model.classes().equals(classes())) {
            throw new IllegalStateException("Builder for " + name + " was asked for classes " + classes() + " but built a model of "
                    + model.classes());
        }
        DataType built = model.network().params().dataType();
        if (built != dataType) {
            throw new IllegalStateException("Builder for " + name + " was asked for " + dataType + " parameters but built "
                    + built + " ones");
        }
        return model;
    }

    /**
     * Trains with the whole recipe on a data source: split, normalisation statistics fitted on the
     * training part, augmentation, optimiser, epochs, best weights restored at the end. The same as
     * {@code prepare(source, RunOptions.defaults()).fit()}.
     */
    public WbcModel fit(WbcDataSource source) {
        return prepare(source, RunOptions.defaults()).fit();
    }

    /**
     * Everything a training run needs, checked before any training starts: validates the settings,
     * asks the source for the recipe's data (split, fitted normalisation, held-out splits), builds
     * the network (or takes the options' model to resume, which must be this architecture) and
     * gives it the fitted data config. {@link TrainingRun#fit()} then trains.
     *
     * @throws IllegalArgumentException for a bad setting, data the request cannot be met with, or a model of another architecture
     */
    public TrainingRun prepare(WbcDataSource source, RunOptions options) {
        return prepare(source, options, null);
    }

    /** As {@link #prepare(WbcDataSource, RunOptions)}, training {@code start} (a network made for it, e.g. by {@link FineTune}) when not null. */
    TrainingRun prepare(WbcDataSource source, RunOptions options, WbcModel start) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(options, "options");
        WbcModel resumed = options.resumeFrom() != null ? options.resumeFrom() : start;
        if (resumed != null && !resumed.architecture().equals(name)) {
            throw new IllegalArgumentException("Cannot resume a " + resumed.architecture() + " model with the " + name + " recipe");
        }
        TrainingConfig config = trainingConfig(options);
        DataRequest request = dataRequest();
        TrainingData d = source.trainingData(request);
        DataConfig made = d.dataConfig();
        if (made.height() != data.height() || made.width() != data.width() || made.layout() != data.layout()
                || made.normalization().kind() != data.normalization().kind()) {
            throw new IllegalArgumentException(name + " needs " + data.sizeLabel() + " " + data.layout() + " "
                    + data.normalization().kind() + " batches, but the data source made " + made.sizeLabel() + " "
                    + made.layout() + " " + made.normalization().kind() + " ones");
        }
        if (classes != null && !classes.equals(d.classes())) {
            throw new IllegalArgumentException(name + " was set to tell apart " + classes + ", but the data's classes are "
                    + d.classes() + ": leave classes(...) out to take the data's, or give data of those classes");
        }
        if (resumed != null && !resumed.classes().equals(d.classes())) {
            throw new IllegalArgumentException("The model to " + (start != null ? "fine-tune" : "resume") + " tells apart "
                    + resumed.classes() + ", but the data's classes are " + d.classes() + (start != null
                    ? ": leave FineTune.classes(...) out to take the data's" : ": resume on the data it was trained on, or"
                    + " fine-tune it to the new classes (FineTune.of(model), ./wbc train --from)"));
        }
        ClassSet chosen = classes;
        classes = d.classes(); // a fresh network gets one output column per class of the data
        WbcModel model;
        try {
            model = resumed != null ? resumed : build();
        } finally {
            classes = chosen;
        }
        model.dataConfig(made);
        model.recordTrainingSplit(d.description(), d.leaky());
        return new TrainingRun(model, d, config);
    }

    /**
     * Checks every setting; subclasses call {@code super.validate()} and add their own checks.
     *
     * @throws IllegalArgumentException naming the bad setting and what is allowed
     */
    protected void validate() {
        if (batchSize <= 0) {
            throw new IllegalArgumentException(name + ": batchSize must be positive, got " + batchSize);
        }
        if (epochs <= 0) {
            throw new IllegalArgumentException(name + ": epochs must be positive, got " + epochs);
        }
        if (limitPerClass < 0) {
            throw new IllegalArgumentException(name + ": limitPerClass must be 0 (all) or positive, got " + limitPerClass);
        }
        if (testLimitPerClass < 0) {
            throw new IllegalArgumentException(name + ": testLimitPerClass must be 0 (all) or positive, got " + testLimitPerClass);
        }
    }

    /** Builds the network (initialised, untrained) for the validated settings and wraps it with {@link #dataConfig()}. */
    protected abstract WbcModel createModel();

    /** The seed for weight initialisation. */
    protected final long seed() {
        return seed;
    }

    /** The floating-point type the network must be built with (see {@link #dataType(DataType)}). */
    protected final DataType dataType() {
        return dataType;
    }

    /**
     * Changes the model's name; for families whose variant can be switched on the builder (e.g.
     * {@code myCnn().variant("v9")} becomes {@code myCnn.v9}).
     */
    protected final void rename(String newName) {
        this.name = Objects.requireNonNull(newName, "name");
    }

    /**
     * The optimiser the network must be built with: the recipe's, with DL4J's Adam computed by
     * {@link io.github.wbczoo.core.train.FusedAdam} (the same update, one fused pass).
     */
    protected final IUpdater updater() {
        return io.github.wbczoo.core.train.FusedAdam.of(updater);
    }
}
