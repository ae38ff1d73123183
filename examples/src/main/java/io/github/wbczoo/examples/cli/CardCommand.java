package io.github.wbczoo.examples.cli;

import io.github.wbczoo.core.WbcEnsemble;
import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.data.CellImageDataset;
import io.github.wbczoo.data.LabeledImage;
import io.github.wbczoo.data.Split;
import io.github.wbczoo.eval.EvaluationReport;
import io.github.wbczoo.eval.EvaluationSplit;
import io.github.wbczoo.eval.Evaluator;
import io.github.wbczoo.eval.ModelCard;
import io.github.wbczoo.eval.Predictions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./wbc card}: makes a trained model shippable: evaluates it on every held-out split (TEST
 * and TEST_SIMPLE for BCCD) and writes its model card ({@code card.md}, {@code card.json}) and the
 * model without its optimiser state ({@code model.wbc}) into one folder, e.g. the
 * {@code wbc-pretrained} resources. With two or more models, the card of their ensemble (the mean of
 * their probabilities) and no model file. Refuses a folder that already holds a card.
 *
 * <p>Usage: {@code ./wbc card --model runs/zoo/myCnn.v9/model.wbc --command "./wbc train ..." --out DIR}
 */
@Command(name = "card", mixinStandardHelpOptions = true,
        description = "Evaluate a trained model on the held-out splits and write its model card and an inference-only"
                + " copy of it (OUT/card.md, OUT/card.json, OUT/model.wbc).")
public final class CardCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The trained model (a file or"
            + " pretrained:NAME). Give it twice or more for the card of an ensemble: the mean of their probabilities"
            + " (no model file is written then; its members ship on their own).")
    List<Path> modelFiles;

    @Option(names = "--name", paramLabel = "NAME", description = "Name on the card (default: the model's architecture).")
    String name;

    @Option(names = "--command", required = true, paramLabel = "TEXT",
            description = "The command that trained it, as it should be run to reproduce it.")
    String command;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for card.md, card.json and model.wbc.")
    Path out;

    @Mixin
    DataOption data;

    @Override
    public Integer call() {
        if (Files.exists(out.resolve("card.json"))) {
            throw new IllegalArgumentException(out.resolve("card.json").toAbsolutePath() + " already exists: a card is never"
                    + " replaced by another run's; choose another --out, or delete it first");
        }
        OutputPaths.requireWritableFolder(out, "--out");
        List<WbcModel> models = modelFiles.stream().map(PredictCommand::load).toList();
        CellImageDataset dataset = data.open();
        Evaluator evaluator = new Evaluator();
        List<EvaluationReport> reports = new ArrayList<>();
        for (WbcModel model : models) {
            List<EvaluationSplit> splits = new ArrayList<>();
            for (Split s : EvaluateCommand.splitsOf(dataset, null)) {
                List<LabeledImage> files = dataset.images(s);
                splits.add(EvaluationSplit.of(s.name(), dataset.iterator(files, model.dataConfig(), 32))
                        .withImagePaths(files.stream().map(LabeledImage::file).toList()));
            }
            reports.add(evaluator.evaluate(model, splits));
        }
        ModelCard card;
        if (models.size() == 1) {
            WbcModel model = models.get(0);
            card = ModelCard.of(name != null ? name : model.architecture(), model, reports.get(0), command);
            OutputPaths.create(out, "--out");
            model.saveWithoutOptimizerState(out.resolve("model.wbc"));
        } else {
            WbcEnsemble ensemble = WbcEnsemble.of(models);
            EvaluationReport.Builder both = EvaluationReport.builder(ensemble.name());
            for (String split : reports.get(0).splits().keySet()) {
                both.split(evaluator.evaluate(split, Predictions.mean(reports.stream()
                        .map(r -> r.split(split).predictions()).toList())));
            }
            card = ModelCard.ofEnsemble(name != null ? name : ensemble.name(), ensemble, both.build(), command);
            OutputPaths.create(out, "--out");
        }
        card.writeTo(out);
        System.out.print(card.markdown());
        System.out.println("Card: " + out.resolve("card.md").toAbsolutePath());
        data.reportSkipped(System.out);
        return WbcCli.EXIT_OK;
    }
}
