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
    }

    private WbcModels() {
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
