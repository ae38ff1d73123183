package io.github.wbczoo.models;

import io.github.wbczoo.core.WbcEnsemble;
import io.github.wbczoo.core.WbcModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Trained zoo models shipped as class-path resources by the {@code wbc-pretrained} artifact:
 * {@code io/github/wbczoo/pretrained/NAME/model.wbc} with its model card {@code card.md} beside
 * it, listed in {@code io/github/wbczoo/pretrained/index.txt}. The zoo does not depend on that
 * artifact (its weights are megabytes): add it to the class path, and these are there.
 *
 * <p>Usage: {@code WbcModel m = WbcModels.pretrained("myCnn.v9"); System.out.println(Pretrained.card("myCnn.v9"));}
 */
public final class Pretrained {
    static final String ROOT = "/io/github/wbczoo/pretrained/";
    /** How {@code ./wbc predict --model} names a shipped model. */
    public static final String PREFIX = "pretrained:";

    private Pretrained() {
    }

    /** The shipped models' names, in the index's order; empty without the {@code wbc-pretrained} artifact. */
    public static List<String> names() {
        return listed("index.txt", "index");
    }

    /**
     * The shipped ensembles' names ({@code A+B}: the mean of shipped models A and B), listed in
     * {@code ensembles.txt} beside the index; each has a card like a model. Empty when none ship.
     */
    public static List<String> ensembleNames() {
        return listed("ensembles.txt", "ensembles");
    }

    /** The names in a list resource beside the models, one per line, {@code #} comments left out; empty when absent. */
    private static List<String> listed(String resource, String what) {
        try (InputStream in = Pretrained.class.getResourceAsStream(ROOT + resource)) {
            if (in == null) {
                return List.of();
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the pretrained " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * A shipped ensemble by name, e.g. {@code myCnn.v9+inceptionBottleneck7}: its members loaded
     * from the class path, their probabilities averaged.
     *
     * @throws IllegalArgumentException naming the shipped ensembles when there is no such one
     */
    public static WbcEnsemble ensemble(String name) {
        List<String> shipped = ensembleNames();
        if (!shipped.contains(name)) {
            throw new IllegalArgumentException(shipped.isEmpty() ? "No pretrained ensembles on the class path"
                    : "No pretrained ensemble " + name + "; shipped: " + String.join(", ", shipped));
        }
        return WbcEnsemble.of(java.util.Arrays.stream(name.split("\\+")).map(Pretrained::load).toList());
    }

    /** Whether trained weights of this registry name are on the class path. */
    public static boolean available(String name) {
        return names().contains(name);
    }

    /**
     * The trained model of a registry name, loaded from the class path (with its preprocessing,
     * classes and history, like any model file).
     *
     * @throws IllegalArgumentException naming the shipped models (or the missing artifact) when there is none
     */
    public static WbcModel load(String name) {
        require(name);
        try (InputStream in = Pretrained.class.getResourceAsStream(ROOT + name + "/model.wbc")) {
            if (in == null) {
                throw new IllegalStateException("The pretrained index lists " + name + " but its model.wbc is missing");
            }
            // DL4J reads models from files: a temporary copy, deleted once loaded
            Path tmp = Files.createTempFile("wbc-pretrained-" + name, ".wbc");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                return WbcModel.load(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the pretrained " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * The model card (Markdown) of a shipped model or ensemble: training data and protocol, figures
     * with their intervals, known limits, the command.
     */
    public static String card(String name) {
        require(name);
        try (InputStream in = Pretrained.class.getResourceAsStream(ROOT + name + "/card.md")) {
            if (in == null) {
                throw new IllegalStateException("The pretrained " + name + " has no card.md");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the card of " + name + ": " + e.getMessage(), e);
        }
    }

    private static void require(String name) {
        List<String> shipped = names();
        if (!shipped.contains(name) && !ensembleNames().contains(name)) {
            throw new IllegalArgumentException(shipped.isEmpty()
                    ? "No pretrained models on the class path: add the io.github.wbczoo:wbc-pretrained dependency"
                    : "No pretrained " + name + "; shipped: " + String.join(", ", shipped));
        }
    }
}
