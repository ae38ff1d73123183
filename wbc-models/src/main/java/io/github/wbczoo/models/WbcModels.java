package io.github.wbczoo.models;

import io.github.wbczoo.core.WbcModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The model zoo: a fluent builder per architecture of the five papers, with the paper's recipe
 * as defaults, and lookup by name.
 *
 * <p>Usage: {@code WbcModel m = WbcModels.inceptionParaB().fit(BccdDataset.open(dir));} or
 * {@code WbcModels.create("myCnn.v9").epochs(3).build();}
 */
public final class WbcModels {
    private static final Map<String, Supplier<? extends ModelBuilder<?>>> REGISTRY = new LinkedHashMap<>();

    static {
        // Each family registers its variants here, in paper order.
        // ---- Chen & Zhu (seed 000) ----
        // ---- Sarkar, optimisation study, Anderson, Rao (seeds 001-004) ----
        register(UnetEncoder.NAME, WbcModels::unetEncoder);
        for (int blocks = 1; blocks <= 3; blocks++) {
            int b = blocks;
            register(BasicCnn.nameFor(b), () -> basicCnn(b));
        }
        register(Vgg16.TRANSFER, WbcModels::vgg16Transfer);
        register(Vgg16.GAP, WbcModels::vgg16Gap);
        register(DepthwiseSeparable.NAME, WbcModels::depthwiseSeparable);
    }

    private WbcModels() {
    }

    // ---- Sarkar, optimisation study, Anderson, Rao (seeds 001-004) ----

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
     * Adds a name to the registry.
     *
     * @throws IllegalArgumentException if the name is taken (registrations never silently replace each other)
     */
    public static synchronized void register(String name, Supplier<? extends ModelBuilder<?>> builder) {
        if (REGISTRY.containsKey(name)) {
            throw new IllegalArgumentException("Model name '" + name + "' is already registered");
        }
        REGISTRY.put(name, builder);
    }

    /** A fresh builder for a registered name, e.g. {@code myCnn.v9}; fails listing the valid names. */
    public static synchronized ModelBuilder<?> create(String name) {
        Supplier<? extends ModelBuilder<?>> s = REGISTRY.get(name);
        if (s == null) {
            throw new IllegalArgumentException("Unknown model '" + name + "'; valid names: " + String.join(", ", REGISTRY.keySet()));
        }
        return s.get();
    }

    /** Every registered name, in registration order. */
    public static synchronized List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(REGISTRY.keySet()));
    }

    /** Registry entries with their recipe input size and trainable parameters (builds each network once). */
    public static List<ModelInfo> info() {
        List<ModelInfo> out = new ArrayList<>();
        for (String name : names()) {
            out.add(info(name));
        }
        return out;
    }

    /** One registry entry; builds the network to count its parameters. */
    public static ModelInfo info(String name) {
        ModelBuilder<?> b = create(name);
        WbcModel m = b.build();
        return new ModelInfo(name, b.paper(), b.dataConfig().height(), b.dataConfig().width(), m.trainableParams(),
                b.recipe().summary());
    }
}
