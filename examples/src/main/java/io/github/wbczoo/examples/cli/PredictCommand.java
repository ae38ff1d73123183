package io.github.wbczoo.examples.cli;

import io.github.wbczoo.core.AtomicFiles;
import io.github.wbczoo.core.BadImageException;
import io.github.wbczoo.core.ClassSet;
import io.github.wbczoo.core.ImageDecoder;
import io.github.wbczoo.core.Prediction;
import io.github.wbczoo.core.ImageClassifier;
import io.github.wbczoo.core.WbcModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./wbc predict}: classifies image files with a saved model, which applies its own
 * preprocessing (size, normalisation). Files are decoded by the core {@link ImageDecoder}, as the
 * training data was. An unreadable image (missing, empty, corrupt, truncated) gets the decoder's
 * reason on its own row; the others are still classified.
 *
 * <p>Usage: {@code ./wbc predict --model runs/paraB/model.wbc cells/ --csv predictions.csv}
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict the white blood cell class of images (files or folders, searched recursively).")
public final class PredictCommand implements Callable<Integer> {
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpeg", "jpg", "png", "bmp", "gif");
    private static final int BATCH = 32;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "Model file written by ./wbc train or WbcModel.save, or"
            + " pretrained:NAME for a trained zoo model (the wbc-pretrained artifact), or pretrained:A+B for a shipped ensemble.")
    Path modelFile;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Image files or folders of images.")
    List<Path> paths;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write the predictions to this CSV file instead of a table.")
    Path csv;

    /** One image's outcome: a prediction or the reason it could not be read. */
    record Row(Path path, Prediction prediction, String error) {
    }

    @Override
    public Integer call() {
        if (csv != null) {
            OutputPaths.requireWritableFile(csv, "--csv");
        }
        List<Path> images = collectImages(paths);
        ImageClassifier model = classifier(modelFile);
        List<Row> rows = predictAll(model, images);
        if (csv != null) {
            AtomicFiles.writeString(csv, toCsv(rows, model.classes()));
            System.out.println("Wrote " + rows.size() + (rows.size() == 1 ? " prediction" : " predictions") + " to "
                    + csv.toAbsolutePath());
        } else {
            System.out.print(toTable(rows, model.classes()));
        }
        long failed = rows.stream().filter(r -> r.error() != null).count();
        if (failed > 0) {
            spec.commandLine().getErr().println(failed + " of " + rows.size() + " images could not be read (see their rows)");
            spec.commandLine().getErr().flush();
        }
        // The exit-code table: 2 when nothing could be classified, 1 when some images could not be read.
        if (failed == rows.size()) {
            return WbcCli.EXIT_BAD_INPUT;
        }
        return failed > 0 ? WbcCli.EXIT_PROBLEMS : WbcCli.EXIT_OK;
    }

    static List<Path> collectImages(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).filter(PredictCommand::looksLikeImage).sorted().forEach(out::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot list " + p.toAbsolutePath() + ": " + e.getMessage(), e);
                }
            } else if (Files.exists(p)) {
                out.add(p);
            } else {
                throw new IllegalArgumentException("No such file or folder: " + p.toAbsolutePath());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("No images (" + String.join(", ", IMAGE_EXTENSIONS) + ") found in " + paths);
        }
        return out;
    }

    private static boolean looksLikeImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1));
    }

    /** Reads and predicts in batches; files the decoder rejects become error rows with its reason. */
    static List<Row> predictAll(ImageClassifier model, List<Path> images) {
        List<Row> rows = new ArrayList<>(images.size());
        List<Path> pendingPaths = new ArrayList<>();
        List<BufferedImage> pending = new ArrayList<>();
        for (int from = 0; from < images.size(); from += BATCH) {
            List<Path> chunk = images.subList(from, Math.min(from + BATCH, images.size()));
            // Decoding is the slow part outside the network: a batch's files are decoded on all cores.
            Object[] decoded = new Object[chunk.size()];
            java.util.stream.IntStream.range(0, chunk.size()).parallel().forEach(i -> {
                try {
                    decoded[i] = ImageDecoder.read(chunk.get(i));
                } catch (BadImageException e) {
                    decoded[i] = e;
                }
            });
            for (int i = 0; i < chunk.size(); i++) {
                if (decoded[i] instanceof BadImageException e) {
                    rows.add(new Row(chunk.get(i), null, e.reason())); // the row already names the file
                } else {
                    pending.add((BufferedImage) decoded[i]);
                    pendingPaths.add(chunk.get(i));
                }
            }
            if (pending.size() >= BATCH) {
                flush(model, pendingPaths, pending, rows);
            }
        }
        flush(model, pendingPaths, pending, rows);
        java.util.Map<Path, Integer> order = new java.util.HashMap<>();
        for (int i = 0; i < images.size(); i++) {
            order.putIfAbsent(images.get(i), i);
        }
        rows.sort(java.util.Comparator.comparing(r -> order.get(r.path())));
        return rows;
    }

    private static void flush(ImageClassifier model, List<Path> paths, List<BufferedImage> images, List<Row> rows) {
        if (images.isEmpty()) {
            return;
        }
        List<Prediction> predictions = model.predict(images);
        for (int i = 0; i < predictions.size(); i++) {
            rows.add(new Row(paths.get(i), predictions.get(i), null));
        }
        paths.clear();
        images.clear();
    }

    /** One row per image: path, predicted class, one probability column per class of the model, error. */
    static String toCsv(List<Row> rows, ClassSet classes) {
        StringBuilder s = new StringBuilder("path,predicted");
        for (String c : classes.names()) {
            s.append(',').append(c);
        }
        s.append(",error\n");
        for (Row r : rows) {
            s.append(csvField(r.path().toString())).append(',');
            if (r.prediction() != null) {
                s.append(r.prediction().predicted());
                for (float p : r.prediction().probabilities()) {
                    s.append(String.format(Locale.ROOT, ",%.6f", p));
                }
                s.append(",\n");
            } else {
                s.append(",".repeat(classes.size() + 1)).append(csvField(r.error())).append('\n');
            }
        }
        return s.toString();
    }

    private static String csvField(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }

    /** One line per image: predicted class, one probability column per class of the model (EOS LYM MON NEU for BCCD), path. */
    static String toTable(List<Row> rows, ClassSet classes) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-12s", "predicted"));
        for (String c : classes.names()) {
            s.append(String.format(Locale.ROOT, " %6s", c.length() <= 6 ? c.toUpperCase(Locale.ROOT)
                    : c.substring(0, 3).toUpperCase(Locale.ROOT)));
        }
        s.append("  image\n");
        for (Row r : rows) {
            if (r.prediction() == null) {
                s.append(String.format(Locale.ROOT, "%-12s %" + (7 * classes.size() - 1) + "s  %s (%s)%n", "ERROR", "", r.path(),
                        r.error()));
            } else {
                s.append(String.format(Locale.ROOT, "%-12s", r.prediction().predicted()));
                for (float p : r.prediction().probabilities()) {
                    s.append(String.format(Locale.ROOT, " %6.3f", p));
                }
                s.append("  ").append(r.path()).append('\n');
            }
        }
        return s.toString();
    }

    /**
     * What {@code --model} names: a model file, {@code pretrained:NAME} for a trained zoo model, or
     * {@code pretrained:A+B} for a shipped ensemble (the mean of A and B).
     */
    static ImageClassifier classifier(Path model) {
        String given = model.toString();
        if (given.startsWith(io.github.wbczoo.models.Pretrained.PREFIX) && given.contains("+")) {
            return io.github.wbczoo.models.Pretrained.ensemble(given.substring(io.github.wbczoo.models.Pretrained.PREFIX.length()));
        }
        return load(model);
    }

    /** A model file, or {@code pretrained:NAME} for the trained zoo model of a registry name. */
    static WbcModel load(Path model) {
        String given = model.toString();
        if (given.startsWith(io.github.wbczoo.models.Pretrained.PREFIX)) {
            return io.github.wbczoo.models.WbcModels.pretrained(given.substring(io.github.wbczoo.models.Pretrained.PREFIX.length()));
        }
        return WbcModel.load(model);
    }
}
