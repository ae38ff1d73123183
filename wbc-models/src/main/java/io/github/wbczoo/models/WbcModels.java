package io.github.wbczoo.models;

import io.github.wbczoo.core.WbcModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model zoo: a fluent builder per architecture of the five papers, with the paper's recipe
 * as defaults, and lookup by name.
 *
 * <p>Usage: {@code WbcModel m = WbcModels.inceptionParaB().fit(BccdDataset.open(dir));} or
 * {@code WbcModels.create("myCnn.v9").epochs(3).build();}
 */
public final class WbcModels {
    private static final Map<String, ModelSpec> REGISTRY = new LinkedHashMap<>();

    static {
        // Each family declares its registered variants beside their definition; this lists the families, in paper order.
        for (List<ModelSpec> family : List.of(ResNet18.specs(), MyCnn.specs(), Autoencoder.specs(), Inception.specs(),
                UnetEncoder.specs(), BasicCnn.specs(), Vgg16.specs(), DepthwiseSeparable.specs())) {
            family.forEach(WbcModels::register);
        }
    }

    private WbcModels() {
    }

    // ---- Chen & Zhu ----

    /** torchvision ResNet-18 with a 4-class head (11,178,564 trainable params). */
    public static ResNet18.Builder resNet18() {
        return new ResNet18.Builder();
    }

    /** MyCNN, the default variant (v9, the paper's best); switch with {@code .variant("v4")}. */
    public static MyCnn.Builder myCnn() {
        return myCnn(MyCnn.DEFAULT);
    }

    /** MyCNN in a preset ({@code MyCnn.V0} ... {@code MyCnn.V20}) or a custom variant. */
    public static MyCnn.Builder myCnn(MyCnn.Variant variant) {
        return new MyCnn.Builder(variant);
    }

    /** The joint-loss autoencoder, v1 (the paper's evaluated one); switch with {@code .variant("v3")}. */
    public static Autoencoder.Builder autoencoder() {
        return autoencoder(Autoencoder.V1);
    }

    /** The joint-loss autoencoder in a preset ({@code Autoencoder.V1}, {@code ORIGINAL}, {@code V2}, {@code V3}) or a custom variant. */
    public static Autoencoder.Builder autoencoder(Autoencoder.Variant variant) {
        return new Autoencoder.Builder(variant);
    }

    /** {@code inceptionBottleneck<e>}: 1x1 conv then (e-1)/2 3x3 convs, e in {3, 5, 7}. */
    public static Inception.Builder inceptionBottleneck(int effectiveKernel) {
        return inception(Inception.bottleneck(effectiveKernel));
    }

    /** Five parallel towers on the input. */
    public static Inception.Builder inceptionTowers5() {
        return inception(Inception.TOWERS_5);
    }

    /** Stem and one three-tower block. */
    public static Inception.Builder inceptionParaA() {
        return inception(Inception.PARA_A);
    }

    /** Stem and two three-tower blocks (3,996,228 trainable params). */
    public static Inception.Builder inceptionParaB() {
        return inception(Inception.PARA_B);
    }

    /** ParaA with factorised 1x3/3x1 towers. */
    public static Inception.Builder inceptionFactorized() {
        return inception(Inception.FACTORIZED);
    }

    /** Any Inception-family variant, preset or custom. */
    public static Inception.Builder inception(Inception.Variant variant) {
        return new Inception.Builder(variant);
    }

    // ---- Sarkar et al., the optimisation study, Anderson et al., Rao et al. ----

    /** Sarkar et al.'s U-net encoder (150,012 trainable params); pick the loss with {@code .loss(UnetEncoder.Loss.HUBER)}. */
    public static UnetEncoder unetEncoder() {
        return new UnetEncoder();
    }

    /**
     * The optimisation study's CNN with 1, 2 or 3 conv blocks ({@code basicCnn}, {@code basicCnn.deeper2},
     * {@code basicCnn.deeper3}); knobs {@code optimizer}, {@code dropout}, {@code batchNorm}, {@code featurewiseCenter}.
     */
    public static BasicCnn basicCnn(int blocks) {
        return new BasicCnn(blocks);
    }

    /** VGG16 base with a flatten-dense head (the optimisation study); supply ImageNet weights with {@code .weights(path)}. */
    public static Vgg16 vgg16Transfer() {
        return Vgg16.transfer();
    }

    /** VGG16 base with a global-average-pooling head (Anderson et al.; 14,772,596 trainable params with nothing frozen). */
    public static Vgg16 vgg16Gap() {
        return Vgg16.gap();
    }

    /** Rao et al.'s depthwise-separable CNN (2,292,836 trainable params) with its ReduceLROnPlateau recipe. */
    public static DepthwiseSeparable depthwiseSeparable() {
        return new DepthwiseSeparable();
    }

    /**
     * Adds a model to the registry (a family's specs are registered when this class loads; call
     * this for models of your own). Builds one builder to check that it is what the spec says.
     *
     * @throws IllegalArgumentException if the name is taken (registrations never silently replace each other)
     */
    public static synchronized void register(ModelSpec spec) {
        if (REGISTRY.containsKey(spec.name())) {
            throw new IllegalArgumentException("Model name '" + spec.name() + "' is already registered");
        }
        spec.builder();
        REGISTRY.put(spec.name(), spec);
    }

    /** The declaration of a registered name; fails listing the valid names. */
    public static synchronized ModelSpec spec(String name) {
        ModelSpec s = REGISTRY.get(name);
        if (s == null) {
            throw new IllegalArgumentException("Unknown model '" + name + "'; valid names: " + String.join(", ", REGISTRY.keySet()));
        }
        return s;
    }

    /** A fresh builder for a registered name, e.g. {@code myCnn.v9}; fails listing the valid names. */
    public static ModelBuilder<?> create(String name) {
        return spec(name).builder();
    }

    /**
     * The trained model of a registered name, from the {@code wbc-pretrained} artifact on the class
     * path (see {@link Pretrained}); its card says what it was trained on and how well it does.
     */
    public static WbcModel pretrained(String name) {
        spec(name); // an unknown name fails listing the registry
        return Pretrained.load(name);
    }

    /** Every registered name, in registration order. */
    public static synchronized List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(REGISTRY.keySet()));
    }

    /** Every registered declaration, in registration order. */
    public static synchronized List<ModelSpec> specs() {
        return List.copyOf(REGISTRY.values());
    }

    /** Registry entries with their recipe input size and trainable parameters (builds each network once). */
    public static List<ModelInfo> info() {
        List<ModelInfo> out = new ArrayList<>();
        for (String name : names()) {
            out.add(info(name));
        }
        return out;
    }

    /** One registry entry; counts its parameters with {@link ModelBuilder#trainableParams()} (which may build the network). */
    public static ModelInfo info(String name) {
        ModelSpec spec = spec(name);
        ModelBuilder<?> b = spec.builder();
        return new ModelInfo(name, spec.paper().name(), b.dataConfig().height(), b.dataConfig().width(), b.trainableParams(),
                b.recipe().summary(), Pretrained.available(name));
    }
}
