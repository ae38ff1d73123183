package io.github.wbczoo.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.github.wbczoo.core.ChannelLayout;
import io.github.wbczoo.core.ClassSet;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.Prediction;
import io.github.wbczoo.core.TrainableParams;
import io.github.wbczoo.core.WbcBackend;
import io.github.wbczoo.core.WbcModel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every registered model, whoever added it: pinned trainable parameters at the recipe size, and at
 * small input sizes (see {@link SmallInputs}) the output contract, one real training step,
 * save/load, and a data config that matches both the recipe and the network's input layer. Each
 * small model is built once; tests that change it work on a copy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryTest {
    private final Map<String, WbcModel> built = new HashMap<>();

    static Stream<String> names() {
        return WbcModels.names().stream();
    }

    @Test
    void registryHoldsEveryChenZhuModel() {
        assertThat(WbcModels.names()).contains("resNet18", "myCnn.v0", "myCnn.v9", "myCnn.v20", "autoencoder.v1",
                "autoencoder.original", "autoencoder.v2", "autoencoder.v3", "inceptionBottleneck3", "inceptionBottleneck5",
                "inceptionBottleneck7", "inceptionTowers5", "inceptionParaA", "inceptionParaB", "inceptionFactorized");
        for (int v = 0; v <= 20; v++) {
            assertThat(WbcModels.names()).contains("myCnn.v" + v);
        }
    }

    /** The README's "Adding a model" example: its declaration builds, and its hand-computed count holds. */
    @Test
    void aNewVariantIsOneDeclarationWithItsCount() {
        MyCnn.Variant v21 = MyCnn.Variant.of("v21", java.util.List.of(16, 32, 64, 128), 5, 512);
        ModelSpec spec = new ModelSpec(v21.registryName(), io.github.wbczoo.core.Paper.CHEN_ZHU, v21.minimumInputSize(),
                v21.minimumInputSize(), () -> WbcModels.myCnn(v21));
        assertThat(spec.builder().name()).isEqualTo("myCnn.v21");
        // v11 (949,860) with one more block conv per stage: + 2,320 + 9,248 + 36,928 + 147,584
        assertThat(spec.builder().trainableParams()).isEqualTo(1_145_940L);
    }

    @Test
    void aSpecMustDescribeTheBuilderItMakesAndNamesAreNeverReplaced() {
        ModelSpec lying = new ModelSpec("myCnn.fast", io.github.wbczoo.core.Paper.CHEN_ZHU, 171, 171, WbcModels::myCnn);
        assertThatThrownBy(() -> WbcModels.register(lying)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Model spec myCnn.fast (Chen & Zhu) makes a builder for myCnn.v9 (Chen & Zhu): declare the"
                        + " builder's name and paper from the spec's");
        assertThat(WbcModels.names()).doesNotContain("myCnn.fast");
        assertThatThrownBy(() -> WbcModels.register(WbcModels.spec("myCnn.v9")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Model name 'myCnn.v9' is already registered");
        assertThatThrownBy(() -> WbcModels.create("mycnn.v9")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Unknown model 'mycnn.v9'; valid names: resNet18, myCnn.v0, ");
    }

    @ParameterizedTest
    @MethodSource("names")
    void trainableParamsAreThePinnedFigure(String name) {
        Long expected = ExpectedParams.of(name);
        assertThat(expected).as("no hand-computed count pinned for %s in ExpectedParams", name).isNotNull();
        assertThat(WbcModels.create(name).trainableParams()).isEqualTo(expected);
    }

    /** Every architecture with another class set: three classes (one dropped) and eight (a peripheral-blood set). */
    @ParameterizedTest
    @MethodSource("names")
    void buildsWithThreeAndEightClasses(String name) throws Exception {
        ClassSet three = ClassSet.of("EOSINOPHIL", "LYMPHOCYTE", "NEUTROPHIL");
        ClassSet eight = ClassSet.of("BASOPHIL", "EOSINOPHIL", "ERYTHROBLAST", "IG", "LYMPHOCYTE", "MONOCYTE", "NEUTROPHIL",
                "PLATELET");
        long fourClassParams = small(name).trainableParams();
        for (ClassSet classes : List.of(three, eight)) {
            WbcModel model = SmallInputs.builder(name).classes(classes).build();
            model.dataConfig(small(name).dataConfig()); // the fitted statistics of the 4-class test model
            assertThat(model.classes()).isEqualTo(classes);
            DataSet batch = BccdImages.dataSet(BccdImages.images("TRAIN", 1, 0), model.dataConfig());
            INDArray probs = model.output(batch.getFeatures());
            assertThat(probs.shape()).as("%s with %d classes", name, classes.size()).containsExactly(4, classes.size());
            for (double sum : probs.sum(1).toDoubleVector()) {
                assertThat(sum).isCloseTo(1.0, offset(1e-5));
            }
            // only the head changes: one weight per input of the last layer and one bias for each class added
            long delta = model.trainableParams() - fourClassParams;
            assertThat(delta % (classes.size() - 4)).as("%s: parameter change %d is whole head columns", name, delta).isZero();
            Prediction p = model.predict(BccdImages.images("TEST", 1, 0).get(0).image());
            assertThat(p.classes()).isEqualTo(classes);
            assertThat(classes.names()).contains(p.predicted().name());
        }
    }

    @AfterAll
    void release() {
        built.clear();
    }

    @ParameterizedTest
    @MethodSource("names")
    void outputsOneProbabilityRowPerImage(String name) {
        WbcModel model = small(name);
        DataSet batch = BccdImages.dataSet(BccdImages.images("TRAIN", 1, 0), model.dataConfig());

        INDArray probs = model.output(batch.getFeatures());

        assertThat(probs.shape()).containsExactly(4, 4);
        for (int i = 0; i < 4; i++) {
            assertThat(probs.getRow(i).sumNumber().doubleValue()).isCloseTo(1.0, offset(1e-5));
            assertThat(probs.getRow(i).minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
        }
        // The public path from image to prediction.
        List<Prediction> predictions = model.predict(BccdImages.images("TEST", 1, 0).stream()
                .map(BccdImages.Labelled::image).toList());
        assertThat(predictions).hasSize(4);
    }

    /**
     * A layer configured with a ReLU gives no negative value, in training and in inference: DL4J's own
     * batch norm accepts an activation and ignores it, which left resNet18 and myCnn's batch-norm rows
     * without the ReLUs their papers have until ActivatedBatchNormalization.
     */
    @ParameterizedTest
    @MethodSource("names")
    void everyLayerConfiguredWithAReluOutputsNoNegativeValue(String name) {
        WbcModel model = small(name);
        DataSet batch = BccdImages.dataSet(BccdImages.images("TRAIN", 1, 0), model.dataConfig());
        int relus = 0;
        for (boolean training : new boolean[] {true, false}) {
            if (model.network() instanceof MultiLayerNetwork mln) {
                List<INDArray> acts = mln.feedForward(batch.getFeatures(), training);
                for (int i = 0; i < mln.getnLayers(); i++) {
                    var conf = configOf(mln.getLayer(i));
                    if (isRelu(conf)) {
                        relus++;
                        assertThat(acts.get(i + 1).minNumber().doubleValue()).as("%s layer %d (%s), training %s", name, i,
                                conf.getClass().getSimpleName(), training).isGreaterThanOrEqualTo(0.0);
                    }
                }
            } else {
                ComputationGraph g = (ComputationGraph) model.network();
                Map<String, INDArray> acts = g.feedForward(model.toMultiDataSet(batch).getFeatures(), training);
                for (Layer layer : g.getLayers()) {
                    var conf = configOf(layer);
                    if (isRelu(conf)) {
                        relus++;
                        assertThat(acts.get(conf.getLayerName()).minNumber().doubleValue()).as("%s layer %s (%s), training %s",
                                name, conf.getLayerName(), conf.getClass().getSimpleName(), training).isGreaterThanOrEqualTo(0.0);
                    }
                }
            }
        }
        assertThat(relus).as("%s has ReLU layers", name).isPositive();
    }

    private static boolean isRelu(org.deeplearning4j.nn.conf.layers.Layer conf) {
        return conf instanceof org.deeplearning4j.nn.conf.layers.BaseLayer b
                && b.getActivationFn() instanceof org.nd4j.linalg.activations.impl.ActivationReLU
                || conf instanceof org.deeplearning4j.nn.conf.layers.ActivationLayer a
                && a.getActivationFn() instanceof org.nd4j.linalg.activations.impl.ActivationReLU;
    }

    @ParameterizedTest
    @MethodSource("names")
    void validationsSingleForwardPassEqualsOutputAndLoss(String name) {
        WbcModel model = small(name);
        DataSet batch = BccdImages.dataSet(BccdImages.images("TRAIN", 1, 0), model.dataConfig());

        WbcModel.OutputAndLoss one = model.outputAndLoss(batch);

        INDArray probs = model.output(batch.getFeatures());
        assertThat(one.probabilities().shape()).isEqualTo(probs.shape());
        assertThat(one.probabilities().sub(probs).amaxNumber().doubleValue()).isLessThan(1e-6);
        assertThat(one.loss()).isCloseTo(model.loss(batch), offset(1e-5 * Math.max(1, Math.abs(one.loss()))));
    }

    @ParameterizedTest
    @MethodSource("names")
    void countingTrainingAnswersChangesNothingInTheStep(String name) {
        WbcModel model = copy(small(name));
        WbcModel twin = copy(model);
        DataSet batch = BccdImages.dataSet(BccdImages.images("TRAIN", 1, 0), model.dataConfig());

        org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(11); // the same dropout masks in both steps
        twin.fitBatch(batch);
        org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(11);
        long correct = model.fitBatchCountingCorrect(batch);

        assertThat(correct).isBetween(0L, 4L);
        assertThat(model.network().score()).isEqualTo(twin.network().score());
        assertThat(model.network().params().sub(twin.network().params()).amaxNumber().doubleValue()).isZero();
    }

    @ParameterizedTest
    @MethodSource("names")
    void oneTrainingStepOnRealImagesGivesAFiniteLossAndMovesEveryTrainableLayer(String name) {
        WbcModel model = copy(small(name));
        DataSet batch = BccdImages.dataSet(BccdImages.images("TRAIN", 1, 0), model.dataConfig());
        Map<String, INDArray> before = trainableValues(model);

        model.fitBatch(batch);

        double loss = model.network().score();
        assertThat(loss).isFinite().isPositive();
        Map<String, INDArray> after = trainableValues(model);
        assertThat(after.keySet()).isEqualTo(before.keySet()).isNotEmpty();
        for (String layer : before.keySet()) {
            assertThat(after.get(layer).sub(before.get(layer)).amaxNumber().doubleValue())
                    .as("change of layer %s", layer).isGreaterThan(0.0);
            assertThat(after.get(layer).isInfinite().any() || after.get(layer).isNaN().any()).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void saveAndLoadGiveIdenticalOutputs(String name, @TempDir Path dir) {
        WbcModel model = copy(small(name));
        // Move every parameter, batch-norm statistics included, away from its initial value, so a
        // loader that re-initialised anything would be caught. (Cheaper than training: no optimiser state to save.)
        INDArray params = model.network().params();
        params.addi(Nd4j.rand(params.dataType(), params.shape()).muli(0.01));
        DataSet test = BccdImages.dataSet(BccdImages.images("TEST", 1, 0), model.dataConfig());
        Path file = dir.resolve(name + ".wbc");

        model.save(file);
        WbcModel loaded = WbcModel.load(file);

        assertThat(loaded.architecture()).isEqualTo(name);
        assertThat(loaded.dataConfig()).isEqualTo(model.dataConfig());
        assertThat(loaded.outputs()).isEqualTo(model.outputs());
        assertThat(loaded.trainableParams()).isEqualTo(model.trainableParams());
        assertThat(loaded.output(test.getFeatures())).isEqualTo(model.output(test.getFeatures()));
    }

    @ParameterizedTest
    @MethodSource("names")
    void dataConfigIsTheRecipesAndFitsTheInputLayer(String name) {
        ModelBuilder<?> recipeSize = WbcModels.create(name);
        assertThat(recipeSize.dataConfig().normalization().isFitted())
                .as("statistics are fitted on the training split, not built in")
                .isEqualTo(!recipeSize.dataConfig().normalization().needsStatistics());

        Recipe small = SmallInputs.builder(name).recipe();
        assertThat(small.data().normalization()).isEqualTo(recipeSize.recipe().data().normalization());
        assertThat(small.data().layout()).isEqualTo(recipeSize.recipe().data().layout());
        WbcModel model = small(name);
        DataConfig config = model.dataConfig();
        // the built model's config is the recipe's, statistics aside (fitted here on a few images)
        assertThat(config.withNormalization(small.data().normalization())).isEqualTo(small.data());
        assertThat(config.normalization().kind()).isEqualTo(small.data().normalization().kind());
        List<org.deeplearning4j.nn.conf.layers.Layer> inputLayers = inputLayers(model);
        assertThat(inputLayers).isNotEmpty();
        for (org.deeplearning4j.nn.conf.layers.Layer layer : inputLayers) {
            var first = layer instanceof FrozenLayer frozen ? frozen.getLayer() : layer;
            if (first instanceof ConvolutionLayer conv) {
                assertThat(conv.getNIn()).isEqualTo(3);
                assertThat(conv.getCnn2dDataFormat()).isEqualTo(format(config.layout()));
            } else if (first instanceof SubsamplingLayer pool) {
                assertThat(pool.getCnn2dDataFormat()).isEqualTo(format(config.layout()));
            } else if (first instanceof FeedForwardLayer dense) {
                assertThat(config.layout()).isEqualTo(ChannelLayout.FLAT);
                assertThat(dense.getNIn()).isEqualTo(config.valuesPerImage());
            } else {
                throw new AssertionError("No input check for a first layer of type " + first.getClass().getSimpleName());
            }
        }
    }

    /**
     * The speed-ups of {@code io.github.wbczoo.core.layers} reach every model: no plain DL4J
     * convolution, depthwise convolution, dense layer or max pooling is left (bench/NOTES.md 8 and 9).
     */
    @ParameterizedTest
    @MethodSource("names")
    void everyConvolutionDenseAndMaxPoolLayerIsTheFastVersion(String name) {
        WbcModel model = small(name);
        int checked = 0;
        for (Layer layer : layers(model)) {
            var conf = configOf(layer);
            String what = name + " layer " + conf.getLayerName();
            if (conf.getClass() == ConvolutionLayer.class || conf.getClass() == org.deeplearning4j.nn.conf.layers.DenseLayer.class
                    || conf.getClass() == org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D.class) {
                throw new AssertionError(what + " is DL4J's plain " + conf.getClass().getSimpleName());
            }
            if (conf instanceof SubsamplingLayer pool && pool.getPoolingType() == org.deeplearning4j.nn.conf.layers.PoolingType.MAX) {
                assertThat(pool).as(what).isInstanceOf(io.github.wbczoo.core.layers.IndexedMaxPooling.class);
            }
            if (conf instanceof ConvolutionLayer || conf instanceof org.deeplearning4j.nn.conf.layers.DenseLayer
                    || conf instanceof SubsamplingLayer) {
                checked++;
            }
        }
        assertThat(checked).as("%s has convolution, dense or pooling layers", name).isPositive();
    }

    /** The fast layers change the speed, not the maths: every model's gradient equals DL4J's own layers' gradient. */
    @ParameterizedTest
    @MethodSource("names")
    void fastLayersGiveTheGradientsOfDl4jsOwnLayers(String name) {
        WbcModel model = copy(small(name));
        DataSet batch = BccdImages.dataSet(BccdImages.images("TRAIN", 1, 0), model.dataConfig());
        Map<String, INDArray> fast = gradients(model, batch, true);
        Map<String, INDArray> plain = gradients(model, batch, false);

        assertThat(fast.keySet()).isEqualTo(plain.keySet());
        plain.forEach((variable, expected) -> {
            // A convolution bias that feeds a batch norm has an exact gradient of zero: both paths give
            // rounding of sums as large as the layer's weight gradient (1e-5 where the weights' reach 1e-1 on
            // the AVX-512 Xeon's kernels), so the layer's scale is the bias's too.
            INDArray weights = plain.get(variable.substring(0, variable.lastIndexOf('_') + 1) + "W");
            double scale = Math.max(Math.max(expected.amaxNumber().doubleValue(),
                    weights == null ? 0 : weights.amaxNumber().doubleValue()), 1e-6);
            double worst = fast.get(variable).sub(expected).amaxNumber().doubleValue();
            assertThat(worst).as("%s: %s differs by %s (largest value of the layer %s)", name, variable, worst, scale)
                    .isLessThanOrEqualTo(1e-4 * scale);
        });
    }

    /**
     * Direct oneDNN convolutions and batch norms (bench/NOTES.md 14-15), and the skipped gradient of
     * the input images, change the speed, not the maths: every model gives the score of DL4J's
     * built-in layers (no helpers at all), its gradients are as close to the exact ones (the same
     * built-in layers in double precision, same parameters) as the built-in float layers' are, and
     * every convolution and batch norm really ran through the direct path. Float paths are not
     * compared with 1e-4: they sum in different orders, and where a ReLU input sits at 0 or two
     * max-pool inputs tie, a 1e-7 rounding difference sends a gradient value another way; after a
     * batch norm over a few values per channel (myCnn.v15's 4x3 maps at this test's input size) that
     * moves a whole channel's gradient. Measured there: the built-in float layers up to 6.9% of a
     * variable's largest value from the exact gradient, the direct path up to 3.2%. On an AVX2 machine
     * (8-channel batch-norm blocks) one input of myCnn.v14's stage2_bn ReLU, 6.5e-6 in the built-in
     * layers and 0.0 in the direct path (the rest of its channel within 4.3e-5), moved that channel's
     * beta gradient by 2.7% of the largest value while the built-in float layers happened to be exact.
     */
    @ParameterizedTest
    @MethodSource("names")
    void directOneDnnConvolutionsGiveTheBuiltInGradients(String name) {
        WbcModel direct = copy(small(name));
        WbcModel builtIn;
        System.setProperty(WbcBackend.HELPERS_DISABLE_PROPERTY, "true");
        try {
            builtIn = copy(small(name));
        } finally {
            System.setProperty(WbcBackend.HELPERS_DISABLE_PROPERTY, "false");
        }
        DataSet batch = BccdImages.dataSet(BccdImages.images("TRAIN", 1, 0), direct.dataConfig());
        Map<String, INDArray> floatBuiltIn = gradients(builtIn, batch, false);
        double expectedScore = builtIn.network().score();
        Map<String, INDArray> actual = gradients(direct, batch, true);
        Map<String, INDArray> exact = exactGradients(name, direct, batch);

        assertThat(direct.network().score()).as("%s score", name).isCloseTo(expectedScore, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(actual.keySet()).isEqualTo(exact.keySet());
        exact.forEach((variable, want) -> {
            // The floor: a bias followed by batch norm has a gradient of exactly 0 in theory, rounding noise in practice.
            double scale = Math.max(want.amaxNumber().doubleValue(), 1e-2);
            double worst = actual.get(variable).castTo(DataType.DOUBLE).sub(want).amaxNumber().doubleValue();
            double builtInWorst = floatBuiltIn.get(variable).castTo(DataType.DOUBLE).sub(want).amaxNumber().doubleValue();
            assertThat(worst).as("%s: %s differs from the exact gradient by %s (largest value %s; built-in float layers: %s)",
                    name, variable, worst, scale, builtInWorst).isLessThanOrEqualTo(Math.max(3e-2 * scale, 1.5 * builtInWorst));
        });
        int directLayers = 0;
        for (Layer layer : layers(direct)) {
            var conf = configOf(layer);
            if (conf instanceof io.github.wbczoo.core.layers.ReusingConvolutionLayer
                    || conf instanceof io.github.wbczoo.core.layers.ActivatedBatchNormalization) {
                directLayers++;
                assertThat(io.github.wbczoo.core.layers.DirectOneDnn.ranDirectly(layer))
                        .as("%s layer %s ran through direct oneDNN calls", name, conf.getLayerName()).isTrue();
            }
        }
        for (Layer layer : layers(builtIn)) {
            assertThat(layer.getHelper()).as("%s built-in reference", name).isNull();
        }
        assertThat(directLayers > 0 || !name.startsWith("myCnn")).isTrue();
    }

    /** The gradients of DL4J's built-in layers in double precision, at {@code model}'s parameters: the exact ones, for float paths to be measured against. */
    private static Map<String, INDArray> exactGradients(String name, WbcModel model, DataSet batch) {
        WbcModel exact;
        System.setProperty(WbcBackend.HELPERS_DISABLE_PROPERTY, "true");
        try {
            exact = SmallInputs.builder(name).dataType(DataType.DOUBLE).build();
        } finally {
            System.setProperty(WbcBackend.HELPERS_DISABLE_PROPERTY, "false");
        }
        exact.dataConfig(model.dataConfig());
        INDArray params = model.network().params().castTo(DataType.DOUBLE);
        if (exact.network() instanceof MultiLayerNetwork mln) {
            mln.setParams(params);
        } else {
            ((ComputationGraph) exact.network()).setParams(params);
        }
        DataSet inDouble = new DataSet(batch.getFeatures().castTo(DataType.DOUBLE), batch.getLabels().castTo(DataType.DOUBLE));
        return gradients(exact, inDouble, false);
    }

    /** One gradient computation in training mode, with the fast layers on or off and the same dropout masks. */
    private static Map<String, INDArray> gradients(WbcModel model, DataSet batch, boolean fastLayers) {
        boolean before = io.github.wbczoo.core.layers.FastLayers.enabled();
        io.github.wbczoo.core.layers.FastLayers.setEnabled(fastLayers);
        try {
            Nd4j.getRandom().setSeed(11);
            Map<String, INDArray> out = new HashMap<>();
            if (model.network() instanceof MultiLayerNetwork mln) {
                mln.setInput(batch.getFeatures());
                mln.setLabels(batch.getLabels());
                mln.computeGradientAndScore();
                mln.gradient().gradientForVariable().forEach((k, v) -> out.put(k, v.dup()));
            } else {
                ComputationGraph g = (ComputationGraph) model.network();
                var data = model.toMultiDataSet(batch);
                g.setInputs(data.getFeatures());
                g.setLabels(data.getLabels());
                g.computeGradientAndScore();
                g.gradient().gradientForVariable().forEach((k, v) -> out.put(k, v.dup()));
            }
            return out;
        } finally {
            io.github.wbczoo.core.layers.FastLayers.setEnabled(before);
        }
    }

    @Test
    void unknownNamesFailListingTheValidOnes() {
        assertThatThrownBy(() -> WbcModels.create("myCnn.v21"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("myCnn.v21").hasMessageContaining("myCnn.v20").hasMessageContaining("inceptionParaB");
    }

    @Test
    void infoListsEveryModelWithItsCountAndRecipe() {
        ModelInfo info = WbcModels.info("autoencoder.v1"); // counted without allocating 472M parameters
        assertThat(info.trainableParams()).isEqualTo(472_354_436L);
        assertThat(info.paper()).isEqualTo("Chen & Zhu");
        assertThat(info.inputHeight()).isEqualTo(240);
        assertThat(info.inputWidth()).isEqualTo(320);
        assertThat(info.recipe()).contains("320x240", "z_score", "Adam", "batch 4", "20 epochs");
        ModelInfo paraB = WbcModels.info("inceptionParaB");
        assertThat(paraB.trainableParams()).isEqualTo(3_996_228L);
        assertThat(paraB.inputHeight()).isEqualTo(60);
        assertThat(paraB.inputWidth()).isEqualTo(80);
        assertThat(paraB.recipe()).contains("80x60", "divide_255", "AdaDelta", "batch 32", "50 epochs", "augmented");
    }

    /** The small model of a name, built once, with normalisation statistics fitted on a few TRAIN images. */
    private WbcModel small(String name) {
        return built.computeIfAbsent(name, n -> {
            WbcModel m = SmallInputs.builder(n).build();
            m.dataConfig(BccdImages.fitted(m.dataConfig(), BccdImages.images("TRAIN", 1, 0)));
            return m;
        });
    }

    /** An independent copy of a model (network cloned), for tests that change it. */
    private static WbcModel copy(WbcModel m) {
        if (m.network() instanceof MultiLayerNetwork mln) {
            return WbcModel.of(m.architecture(), mln.clone(), m.dataConfig());
        }
        return WbcModel.of(m.architecture(), ((ComputationGraph) m.network()).clone(), m.dataConfig(), m.outputs());
    }

    /** Per layer with trainable parameters, a copy of those parameters (batch-norm running statistics left out). */
    private static Map<String, INDArray> trainableValues(WbcModel model) {
        Map<String, INDArray> out = new HashMap<>();
        for (Layer layer : layers(model)) {
            if (TrainableParams.count(layer) == 0) {
                continue;
            }
            INDArray values;
            if (layer.conf().getLayer() instanceof BatchNormalization) {
                values = Nd4j.concat(0,
                        layer.getParam("gamma").reshape(-1), layer.getParam("beta").reshape(-1));
            } else {
                values = layer.params().reshape(-1);
            }
            out.put(layer.conf().getLayer().getLayerName() + "#" + layer.getIndex(), values.dup());
        }
        return out;
    }

    /** A layer's configuration, seen through a frozen wrapper. */
    private static org.deeplearning4j.nn.conf.layers.Layer configOf(Layer layer) {
        return layer.conf().getLayer() instanceof FrozenLayer f ? f.getLayer() : layer.conf().getLayer();
    }

    private static Layer[] layers(WbcModel model) {
        return model.network() instanceof MultiLayerNetwork mln ? mln.getLayers() : ((ComputationGraph) model.network()).getLayers();
    }

    /** The layers that read the network input directly. */
    private static List<org.deeplearning4j.nn.conf.layers.Layer> inputLayers(WbcModel model) {
        if (model.network() instanceof MultiLayerNetwork mln) {
            return List.of(mln.getLayer(0).conf().getLayer());
        }
        var conf = ((ComputationGraph) model.network()).getConfiguration();
        String input = conf.getNetworkInputs().get(0);
        return conf.getVertexInputs().entrySet().stream()
                .filter(e -> e.getValue().contains(input))
                .map(e -> conf.getVertices().get(e.getKey()))
                .filter(v -> v instanceof LayerVertex)
                .map(v -> ((LayerVertex) v).getLayerConf().getLayer())
                .toList();
    }

    private static CNN2DFormat format(ChannelLayout layout) {
        return layout == ChannelLayout.NHWC ? CNN2DFormat.NHWC : CNN2DFormat.NCHW;
    }
}
