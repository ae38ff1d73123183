package io.github.wbczoo.examples.cli;

import io.github.wbczoo.core.Augmentation;
import io.github.wbczoo.core.ClassSet;
import io.github.wbczoo.core.Json;
import io.github.wbczoo.data.CellImageDataset;
import io.github.wbczoo.data.ContactSheet;
import io.github.wbczoo.data.DataCheckReport;
import io.github.wbczoo.data.DataProblem;
import io.github.wbczoo.data.DiskCache;
import io.github.wbczoo.data.audit.AuditReport;
import io.github.wbczoo.data.audit.BccdAudit;
import io.github.wbczoo.data.audit.PairCheck;
import io.github.wbczoo.data.audit.PairSheet;
import io.github.wbczoo.models.WbcModels;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code ./wbc data ...}: check the BCCD folder and preview augmentation recipes. Its help also
 * says where the disk cache of decoded images is and how to move it ({@link CacheCommand}).
 *
 * <p>Usage: {@code ./wbc data check --json}, {@code ./wbc data preview --recipe inceptionParaB --out sheet.png} or
 * {@code ./wbc data audit --json}
 */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "The BCCD dataset: check (counts, decoding, checksums), preview (augmentation contact sheet),"
                + " audit (which images are copies of one cell).",
        footer = {"", CacheCommand.WHERE_FOOTER},
        subcommands = {DataCommand.Check.class, DataCommand.Preview.class, DataCommand.Audit.class})
public final class DataCommand implements Runnable {
    /** Exit code of {@code data check} when it found problems: {@link WbcCli#EXIT_PROBLEMS}. */
    public static final int EXIT_PROBLEMS = WbcCli.EXIT_PROBLEMS;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing data command: try ./wbc data check");
    }

    /** {@code ./wbc data check}. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Count images per split and class, decode every image (sizes; corrupt files, empty ones"
                    + " included) and verify SHA256SUMS. Every problem file is listed; none stops the check.",
                    "Exit codes: 0 nothing wrong, 1 problems found (0 with --skip-bad-images), 2 no BCCD layout."})
    static final class Check implements Callable<Integer> {
        @CommandLine.Mixin
        DataOption data;

        @Option(names = "--json", description = "Print JSON: {\"splits\": {\"TRAIN\": {\"EOSINOPHIL\": 2497, ...}, ...},"
                + " \"total\": 12515, \"corrupt\": [], \"checksumMismatches\": 0, ...}.")
        boolean json;

        /** The old name of {@code --skip-bad-images} here, kept for scripts. */
        @Option(names = "--lenient", hidden = true, description = "Same as --skip-bad-images.")
        boolean lenient;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            // Always lenient when listing, so a stray or empty file is reported with the rest instead of
            // stopping the check; the option only decides whether problems make the exit code 1.
            CellImageDataset dataset = data.open(data.builder().lenient(true).noDiskCache());
            DataCheckReport r = dataset.check();
            if (json) {
                System.out.println(Json.write(r));
            } else {
                printTable(r);
            }
            if (!r.ok() && !data.skipBadImages() && !lenient) {
                spec.commandLine().getErr().println(spec.qualifiedName() + ": problems found: " + String.join("; ", r.problems()));
                spec.commandLine().getErr().flush();
                return EXIT_PROBLEMS;
            }
            return WbcCli.EXIT_OK;
        }

        private static void printTable(DataCheckReport r) {
            System.out.println((r.bccdLayout() ? "BCCD at " : "Images at ") + r.dataDir());
            // the classes in order: every split's counts list each class
            List<String> classes = List.copyOf(r.splits().values().iterator().next().keySet());
            System.out.printf(Locale.ROOT, "%-12s", "");
            classes.forEach(n -> System.out.printf(Locale.ROOT, " %11s", n));
            System.out.printf(Locale.ROOT, " %7s%n", "total");
            int[] columnTotals = new int[classes.size()];
            for (Map.Entry<String, Map<String, Integer>> split : r.splits().entrySet()) {
                System.out.printf(Locale.ROOT, "%-12s", split.getKey());
                int sum = 0;
                for (int c = 0; c < classes.size(); c++) {
                    int n = split.getValue().getOrDefault(classes.get(c), 0);
                    columnTotals[c] += n;
                    sum += n;
                    System.out.printf(Locale.ROOT, " %11d", n);
                }
                System.out.printf(Locale.ROOT, " %7d%n", sum);
            }
            System.out.printf(Locale.ROOT, "%-12s", "total");
            for (int t : columnTotals) {
                System.out.printf(Locale.ROOT, " %11d", t);
            }
            System.out.printf(Locale.ROOT, " %7d%n", r.total());
            if (r.bccdLayout()) {
                System.out.println("counts:        " + (r.countsMatchPublished() ? "the published BCCD counts"
                        : "DIFFERENT from the published BCCD counts (12515 images)"));
            }
            if (!r.fewImages().isEmpty()) {
                System.out.println("few images:    " + String.join(", ", r.fewImages()) + " (fewer than "
                        + DataCheckReport.FEW_IMAGES + " training images)");
            }
            System.out.println("image sizes:   " + (r.imageSizes().isEmpty() ? "none decoded" : String.join(", ",
                    r.imageSizes().entrySet().stream().map(e -> e.getKey() + " x " + e.getValue()).toList())));
            System.out.println("corrupt files: " + (r.corrupt().isEmpty() ? "none" : r.corrupt().size()));
            r.corrupt().forEach(p -> System.out.println("  " + p));
            if (!r.skipped().isEmpty()) {
                System.out.println("skipped files: " + r.skipped().size());
                r.skipped().stream().map(DataProblem::toString).forEach(p -> System.out.println("  " + p));
            }
            System.out.println(r.checksums().summary());
            System.out.printf(Locale.ROOT, "checked in %.1f s%n", r.seconds());
        }
    }

    /** {@code ./wbc data preview}. */
    @Command(name = "preview", mixinStandardHelpOptions = true,
            description = "Write a PNG contact sheet: one training image per class as the network sees it, and"
                    + " augmented copies as successive epochs draw them.")
    static final class Preview implements Callable<Integer> {
        @CommandLine.Mixin
        DataOption data;

        @Option(names = "--recipe", required = true, paramLabel = "NAME",
                description = "Augmentation recipe: an architecture name (inceptionParaB, resNet18, ...), kerasInception"
                        + " or none.")
        String recipe;

        @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "Where to write the PNG.")
        Path out;

        @Option(names = "--size", paramLabel = "WxH",
                description = "Image size the augmentation works at (default: the model's recipe input size, or 80x60).")
        String size;

        @Option(names = "--copies", defaultValue = "5", description = "Augmented copies per image (default ${DEFAULT-VALUE}).")
        int copies;

        @Option(names = "--seed", defaultValue = "42", description = "Seed for the images chosen and the augmentation.")
        long seed;

        @Override
        public Integer call() {
            PreviewRecipe chosen = recipeFor(recipe);
            Augmentation augmentation = chosen.augmentation();
            int[] wh = size == null ? new int[] {chosen.width(), chosen.height()} : ImageSizes.parse("--size", size);
            if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
                throw new IllegalArgumentException("--out must name a .png file, got " + out);
            }
            OutputPaths.requireWritableFile(out, "--out");
            CellImageDataset dataset = data.open();
            BufferedImage sheet = ContactSheet.render(dataset, augmentation, wh[1], wh[0], copies, seed);
            ContactSheet.write(sheet, out);
            System.out.println("wrote " + out.toAbsolutePath() + " (" + sheet.getWidth() + "x" + sheet.getHeight() + " px):"
                    + " recipe " + recipe + ", augmentation " + augmentation.summary());
            data.reportSkipped(System.out);
            return WbcCli.EXIT_OK;
        }

        /** An augmentation and the input size it is previewed at. */
        record PreviewRecipe(Augmentation augmentation, int width, int height) {
        }

        /**
         * A registered model's recipe (read from the registry, the single place it is declared), or
         * a named augmentation ({@code none}, {@code kerasInception}) at 80x60.
         */
        static PreviewRecipe recipeFor(String name) {
            String wanted = name == null ? "" : name.trim();
            for (String registered : WbcModels.names()) {
                if (registered.equalsIgnoreCase(wanted)) {
                    io.github.wbczoo.models.Recipe r = WbcModels.create(registered).recipe();
                    return new PreviewRecipe(r.augmentation(), r.data().width(), r.data().height());
                }
            }
            for (Map.Entry<String, Augmentation> e : Augmentation.presets().entrySet()) {
                if (e.getKey().equalsIgnoreCase(wanted)) {
                    return new PreviewRecipe(e.getValue(), 80, 60);
                }
            }
            throw new IllegalArgumentException("Unknown recipe '" + name + "': give a registered model (" + String.join(", ",
                    WbcModels.names()) + ") or an augmentation (" + String.join(", ", Augmentation.presets().keySet()) + ")");
        }
    }

    /** {@code ./wbc data audit}. */
    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = {"Find which images are copies of one photograph (rotated, shifted, flipped, zoomed,"
                    + " re-encoded): the source cells per split and class, copies per cell, cells that span splits with"
                    + " the confirmed pairs, and the method's precision and recall on planted copies.",
                    "A cold run takes minutes on two cores; the result is cached in the disk cache's folder"
                    + " (audit-v1/), keyed by every image's content.",
                    "Exit codes: 0 done, 2 no BCCD layout or a bad option."})
    static final class Audit implements Callable<Integer> {
        @CommandLine.Mixin
        DataOption data;

        @Option(names = "--json", description = "Print JSON: {\"splits\": {\"TRAIN\": {\"sourceCells\": ...}, ...},"
                + " \"crossSplitDuplicates\": [...], \"plantedRecall\": ..., \"plantedPrecision\": ..., ...}.")
        boolean json;

        @Option(names = "--refresh", description = "Compute again even when the cache holds the result.")
        boolean refresh;

        @Option(names = "--cells-out", paramLabel = "FILE.tsv.gz",
                description = "Also write image -> source cell id (gzip TSV, the format of the shipped resource).")
        Path cellsOut;

        @Option(names = "--sheet", paramLabel = "FILE.png",
                description = "Also write a contact sheet of confirmed and rejected pairs.")
        Path sheet;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (sheet != null) {
                if (!sheet.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
                    throw new IllegalArgumentException("--sheet must name a .png file, got " + sheet);
                }
                OutputPaths.requireWritableFile(sheet, "--sheet");
            }
            if (cellsOut != null) {
                OutputPaths.requireWritableFile(cellsOut, "--cells-out");
            }
            CellImageDataset dataset = data.open(data.builder().noDiskCache());
            PrintWriter err = spec.commandLine().getErr();
            BccdAudit.Outcome o = BccdAudit.run(dataset, BccdAudit.Options.DEFAULT
                    .withCacheDir(DiskCache.defaultLocation().dir()).withRefresh(refresh)
                    .withProgress(line -> {
                        err.println(spec.qualifiedName() + ": " + line);
                        err.flush();
                    }));
            if (cellsOut != null) {
                o.cells().write(cellsOut);
            }
            if (sheet != null) {
                PairSheet.write(PairSheet.render("BCCD near-duplicate check: confirmed and rejected pairs", o.examples(),
                        name -> io.github.wbczoo.core.ImageDecoder.read(dataset.imagesDir().resolve(name))), sheet);
            }
            if (json) {
                System.out.println(Json.write(o.report()));
            } else {
                print(o.report());
                if (cellsOut != null) {
                    System.out.println("wrote " + cellsOut.toAbsolutePath() + " (" + o.cells().size() + " images)");
                }
                if (sheet != null) {
                    System.out.println("wrote " + sheet.toAbsolutePath() + " (" + o.examples().size() + " pairs)");
                }
            }
            data.reportSkipped(System.out);
            return WbcCli.EXIT_OK;
        }

        private static void print(AuditReport r) {
            System.out.println("BCCD at " + r.dataDir() + ": " + r.images() + " images are copies of " + r.sourceCells()
                    + " source cells (photographs)");
            System.out.printf(Locale.ROOT, "%-12s %7s %7s %10s  %s%n", "split", "images", "cells", "only here",
                    "copies per cell (min / median / max)");
            r.splits().forEach((split, s) -> System.out.printf(Locale.ROOT, "%-12s %7d %7d %10d  %d / %s / %d%n", split,
                    s.images(), s.sourceCells(), s.onlyHere(), s.copiesPerCell().min(), trim(s.copiesPerCell().median()),
                    s.copiesPerCell().max()));
            System.out.printf(Locale.ROOT, "%-12s", "cells");
            ClassSet.BCCD.names().forEach(n -> System.out.printf(Locale.ROOT, " %11s", n));
            System.out.println();
            r.splits().forEach((split, s) -> {
                System.out.printf(Locale.ROOT, "%-12s", split);
                s.byClass().values().forEach(c -> System.out.printf(Locale.ROOT, " %11s", c.sourceCells() + "/" + c.images()));
                System.out.println();
            });
            System.out.println("copies per cell, all splits: " + r.copiesPerCell().histogram() + " (mean "
                    + r.copiesPerCell().mean() + ", largest " + r.copiesPerCell().max() + ")");
            System.out.println("cells spanning splits:");
            r.spanning().forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-18s %5d cells, %,9d image pairs, %5d"
                    + " confirmed pairs%n", k, v.sourceCells(), v.imagePairs(), v.confirmedPairs()));
            List<PairCheck> cross = r.crossSplitDuplicates();
            cross.stream().limit(5).forEach(p -> System.out.println("    " + p.a() + " ~ " + p.b() + " (" + p.inliers()
                    + " inliers" + (p.mirrored() ? ", mirrored" : "") + ")"));
            if (cross.size() > 5) {
                System.out.println("    ... " + (cross.size() - 5) + " more (--json lists them all)");
            }
            System.out.println("identical files: " + (r.identicalFiles().isEmpty() ? "none" : r.identicalFiles()));
            System.out.println("across classes: " + r.crossClass().confirmed() + " copies in " + r.crossClass().checked()
                    + " checked pairs (" + r.crossClass().sampled() + " sampled images, each against its most similar"
                    + " images of the other classes)");
            System.out.println("method: " + r.method());
            System.out.println("settings: " + r.settings().describe());
            System.out.println("planted copies: " + r.planted().describe());
            System.out.printf(Locale.ROOT, "%s %.0f s%s%n", r.cachedAt() == null ? "computed in" : "computed (cold) in",
                    r.seconds(), r.cachedAt() == null ? "" : "; read from the cache " + r.cachedAt());
        }

        private static String trim(double v) {
            return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
        }
    }

}
