package io.github.wbczoo.examples.cli;

import io.github.wbczoo.core.Json;
import io.github.wbczoo.models.ModelInfo;
import io.github.wbczoo.models.WbcModels;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./wbc models}: every model of the zoo with its paper, recipe input size (width x height,
 * as the papers write it), trainable parameters counted the Keras/PyTorch way, and recipe summary.
 * {@code --json} prints a list of objects with {@code name}, {@code paper}, {@code inputHeight},
 * {@code inputWidth}, {@code trainableParams} and {@code recipe}.
 *
 * <p>Usage: {@code ./wbc models --json}
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List every registered model: paper, input size, trainable parameters and training recipe.")
public final class ModelsCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print a JSON list (keys name, paper, inputHeight, inputWidth, trainableParams, recipe).")
    boolean json;

    @Override
    public Integer call() {
        if (json) {
            System.out.println(Json.write(WbcModels.info()));
            return 0;
        }
        // Column widths from the builders (cheap), so rows can be printed as soon as each is counted.
        int nameWidth = 4;
        int paperWidth = 5;
        for (String name : WbcModels.names()) {
            nameWidth = Math.max(nameWidth, name.length());
            paperWidth = Math.max(paperWidth, WbcModels.spec(name).paper().name().length());
        }
        String format = "%-" + nameWidth + "s  %-" + paperWidth + "s  %-8s %13s  %-7s  %s%n";
        System.out.printf(format, "NAME", "PAPER", "INPUT", "TRAINABLE", "WEIGHTS", "RECIPE");
        int count = 0;
        // Counting builds each network (not the autoencoder's 472M parameters: that one is counted from its sizes).
        for (String name : WbcModels.names()) {
            ModelInfo i = WbcModels.info(name);
            count++;
            System.out.printf(Locale.ROOT, format, i.name(), i.paper(), i.inputWidth() + "x" + i.inputHeight(),
                    String.format(Locale.ROOT, "%,d", i.trainableParams()), i.pretrained() ? "trained" : "-", i.recipe());
            System.out.flush();
        }
        System.out.println(count + " models. Input is width x height; parameters are counted as Keras and PyTorch count"
                + " them (batch norm: gamma and beta only). WEIGHTS: trained BCCD weights ship in wbc-pretrained"
                + " (./wbc predict --model pretrained:NAME).");
        return 0;
    }
}
