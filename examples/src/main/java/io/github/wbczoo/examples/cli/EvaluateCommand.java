package io.github.wbczoo.examples.cli;

import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.data.CellImageDataset;
import io.github.wbczoo.data.LabeledImage;
import io.github.wbczoo.data.Split;
import io.github.wbczoo.eval.EvaluationReport;
import io.github.wbczoo.eval.EvaluationSettings;
import io.github.wbczoo.eval.EvaluationSplit;
import io.github.wbczoo.eval.Evaluator;
import io.github.wbczoo.eval.Predictions;
import io.github.wbczoo.eval.ReportFiles;
import io.github.wbczoo.eval.SplitEvaluation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./wbc evaluate}: runs a saved model over BCCD test splits and writes an evaluation report
 * (report.html with charts, report.md, report.json) with accuracy and its interval, Rao et al.'s
 * per-class table, ROC curves, calibration, the misclassified images and TEST against TEST_SIMPLE.
 *
 * <p>Usage: {@code ./wbc evaluate --model runs/resNet18/model.wbc --out runs/resNet18/eval}
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a saved model on BCCD splits and write report.html, report.md and report.json.")
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "FILE",
            description = "Model file written by ./wbc train or WbcModel.save.")
    Path modelFile;

    @Mixin
    DataOption data;

    @Option(names = "--splits", paramLabel = "SPLIT[,SPLIT...]", split = ",",
            description = "Splits to evaluate on, in order (default: every split but TRAIN, e.g. TEST,TEST_SIMPLE for BCCD;"
                    + " TRAIN is allowed).")
    List<String> splits;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the report (created if needed).")
    Path out;

    @Option(names = "--batch", defaultValue = "32", description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--resamples", defaultValue = "1000",
            description = "Bootstrap resamples per interval (default: ${DEFAULT-VALUE}).")
    int resamples;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the bootstrap (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
        }
        List<String> names = splits == null ? null : parseSplits(splits);
        OutputPaths.requireWritableFolder(out, "--out"); // before minutes of inference, not after
        EvaluationSettings settings = EvaluationSettings.defaults().withResamples(resamples).withSeed(seed);
        WbcModel model = WbcModel.load(modelFile);
        CellImageDataset bccd = data.open();
        List<Split> wanted = splitsOf(bccd, names);

        List<EvaluationSplit> inputs = new ArrayList<>();
        List<List<LabeledImage>> images = new ArrayList<>();
        for (Split split : wanted) {
            List<LabeledImage> files = readable(bccd, split, model);
            // The iterator is unshuffled and unaugmented, so its examples come in this list's order.
            inputs.add(EvaluationSplit.of(split.name(), bccd.iterator(files, model.dataConfig(), batch))
                    .withImagePaths(files.stream().map(LabeledImage::file).toList()));
            images.add(files);
            System.out.printf(Locale.ROOT, "Evaluating %s on %s (%,d images)%n", model.architecture(), split.name(), files.size());
        }
        long start = System.nanoTime();
        EvaluationReport report = new Evaluator(settings).evaluate(model, inputs);
        double seconds = (System.nanoTime() - start) / 1e9;
        long n = images.stream().mapToLong(List::size).sum();
        System.out.printf(Locale.ROOT, "Classified and scored %,d images in %.1f s (%.0f img/s, %,d bootstrap resamples"
                + " included)%n", n, seconds, n / seconds, resamples);
        for (int k = 0; k < wanted.size(); k++) {
            checkAligned(report.split(wanted.get(k).name()).predictions(), images.get(k));
        }

        long written = System.nanoTime();
        ReportFiles files = report.writeTo(out);
        System.out.printf(Locale.ROOT, "Report written in %.1f s%n", (System.nanoTime() - written) / 1e9);
        System.out.print(summary(report));
        System.out.println("Report: " + files.html().toAbsolutePath());
        System.out.println("        " + files.markdown().toAbsolutePath());
        System.out.println("        " + files.json().toAbsolutePath() + " (+ " + files.charts().size() + " charts in "
                + files.html().toAbsolutePath().getParent().resolve("charts") + ")");
        data.reportSkipped(System.out);
        return 0;
    }

    /**
     * The split's images that can be decoded, decoded once on all cores before inference: a bad
     * image stops a strict run here, before minutes of work, and with --skip-bad-images it is left
     * out of the list, so the report's rows still name the right files.
     */
    static List<LabeledImage> readable(CellImageDataset bccd, Split split, WbcModel model) {
        List<LabeledImage> all = bccd.images(split);
        bccd.preload(all, model.dataConfig().height(), model.dataConfig().width());
        Set<Path> skipped = new java.util.HashSet<>();
        bccd.skipped().forEach(p -> skipped.add(p.file()));
        return skipped.isEmpty() ? all : all.stream().filter(i -> !skipped.contains(i.file())).toList();
    }

    /** Split names as given, without repeats (compared ignoring case). */
    static List<String> parseSplits(List<String> names) {
        Set<String> seen = new java.util.HashSet<>();
        List<String> out = new ArrayList<>();
        for (String name : names) {
            if (name.isBlank()) {
                continue;
            }
            if (!seen.add(Split.named(name).name().toUpperCase(Locale.ROOT))) {
                throw new IllegalArgumentException("Split " + name.trim() + " is listed twice in --splits");
            }
            out.add(name.strip());
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--splits names no split; use e.g. --splits TEST,TEST_SIMPLE");
        }
        return out;
    }

    /** The dataset's splits by these names (case-insensitive), or every split but TRAIN when none are given. */
    static List<Split> splitsOf(CellImageDataset data, List<String> names) {
        List<Split> available = data.splitNames();
        if (names == null) {
            List<Split> heldOut = available.stream().filter(s -> !s.equals(Split.TRAIN)).toList();
            if (heldOut.isEmpty()) {
                throw new IllegalArgumentException("No held-out split in " + data.imagesDir() + " (only TRAIN): give --splits"
                        + " TRAIN to evaluate on the training images (optimistic), or add split folders (train, test)");
            }
            return heldOut;
        }
        List<Split> out = new ArrayList<>();
        for (String n : names) {
            Split s = available.stream().filter(a -> a.name().equalsIgnoreCase(Split.named(n).name())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Unknown split '" + n + "'; expected one of "
                            + String.join(", ", available.stream().map(Split::name).toList())));
            out.add(s);
        }
        return out;
    }

    /** The labels the model was scored against must be the labels of the listed files, in order. */
    static void checkAligned(Predictions predictions, List<LabeledImage> files) {
        if (predictions.size() != files.size()) {
            throw new IllegalStateException("The iterator gave " + predictions.size() + " images but the split lists "
                    + files.size() + " files");
        }
        for (int i = 0; i < files.size(); i++) {
            if (!predictions.trueClass(i).equals(files.get(i).label())) {
                throw new IllegalStateException("Image " + i + " (" + files.get(i).file() + ") is labelled "
                        + files.get(i).label() + " but the iterator gave " + predictions.trueClass(i)
                        + ": iteration order differs from the file list, so the report would name the wrong images");
            }
        }
    }

    /** A few lines for the terminal: each split's headline figures, then the warnings. */
    static String summary(EvaluationReport report) {
        StringBuilder s = new StringBuilder();
        for (SplitEvaluation e : report.splits().values()) {
            s.append(String.format(Locale.ROOT, "%-12s %,6d images / %s  accuracy %5.1f%% (%.1f-%.1f%%)  balanced %5.1f%%"
                            + "  macro-F1 %.3f  macro AUROC %s  ECE %.3f%n",
                    e.name(), e.n(), e.cellsKnown() ? String.format(Locale.ROOT, "%,d cells", e.cells()) : "cells unknown",
                    100 * e.metrics().accuracy(), 100 * e.bootstrap().accuracy().lower(),
                    100 * e.bootstrap().accuracy().upper(), 100 * e.metrics().balancedAccuracy(), e.metrics().macro().f1(),
                    e.roc().macroAuc() == null ? "-" : String.format(Locale.ROOT, "%.3f", e.roc().macroAuc()),
                    e.calibration().expectedCalibrationError()));
        }
        for (SplitEvaluation e : report.splits().values()) {
            if (e.cellsKnown()) {
                s.append(String.format(Locale.ROOT, "%-12s per cell (mean probability of each cell's copies) %5.1f%% of %,d cells;"
                        + " interval above resamples cells (images as if independent: %.1f-%.1f%%)%n", e.name(),
                        100 * e.cellAccuracy(), e.cells(), 100 * e.bootstrap().accuracyImages().lower(),
                        100 * e.bootstrap().accuracyImages().upper()));
            }
        }
        report.comparisons().forEach(c -> s.append(c.summary()).append('\n'));
        report.warnings().forEach(w -> s.append("WARNING: ").append(w).append('\n'));
        return s.toString();
    }
}
