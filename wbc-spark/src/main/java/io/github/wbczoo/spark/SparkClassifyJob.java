package io.github.wbczoo.spark;

import io.github.wbczoo.core.ClassSet;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.wbczoo.core.Json;
import io.github.wbczoo.core.ModelFileInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The whole batch job behind {@code spark-submit ... WbcSparkMain} and {@code ./wbc spark-classify}:
 * classify a folder or a manifest of images, write the table (Parquet or CSV, by the name of
 * {@code out}) atomically, and write its summary next to it as {@code NAME.summary.json}.
 *
 * <p>Atomic: the table is written to a sibling folder {@code NAME.parquet.in-progress-UUID} and
 * renamed to {@code out} only when every task has finished, so a failed job leaves nothing under
 * the final name; an existing {@code out} (or summary) is refused, never replaced. The rename is atomic on HDFS and local disks;
 * on object stores (S3) it is a copy, so there write to HDFS or a local disk first.
 *
 * <p>Usage: {@code SparkClassifyJob.Result r = new SparkClassifyJob(Path.of("m.wbc"), "cells/", null, "out/cells.parquet").run(spark);}
 *
 * @param model     the model file (on the driver)
 * @param folder    the folder of images to classify, or null when {@code manifest} is given
 * @param manifest  a text file of image paths, one per line, or null when {@code folder} is given
 * @param out       the table to write: a path ending in {@code .parquet} or {@code .csv} (local or a Hadoop URI)
 * @param threshold confidence below which the summary counts an image as doubtful
 * @param batchSize images per forward pass
 */
public record SparkClassifyJob(Path model, String folder, String manifest, String out, double threshold, int batchSize) {

    /** The two table formats, chosen by the name of {@code out}. */
    public enum Format {
        PARQUET, CSV;

        /** The format that {@code out}'s name ends in. */
        public static Format of(String out) {
            String name = out.toLowerCase(Locale.ROOT);
            if (name.endsWith(".parquet")) {
                return PARQUET;
            }
            if (name.endsWith(".csv")) {
                return CSV;
            }
            throw new IllegalArgumentException("--out " + out + ": name the table NAME.parquet or NAME.csv (the ending"
                    + " picks the format)");
        }

        String extension() {
            return "." + name().toLowerCase(Locale.ROOT);
        }
    }

    /** What the job wrote. */
    public record Result(@JsonProperty("output") String output,
                         @JsonProperty("format") Format format,
                         @JsonProperty("summaryFile") String summaryFile,
                         @JsonProperty("model") String model,
                         @JsonProperty("seconds") double seconds,
                         @JsonProperty("summary") ClassificationSummary summary) {
    }

    public SparkClassifyJob {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(out, "out");
        if ((folder == null) == (manifest == null)) {
            throw new IllegalArgumentException("Give either an input folder or a manifest of image paths (not both, not neither)");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("--threshold must be between 0 and 1, got " + threshold);
        }
        Format.of(out);
    }

    /** A job with the default threshold and batch size. */
    public SparkClassifyJob(Path model, String folder, String manifest, String out) {
        this(model, folder, manifest, out, ClassificationSummary.DEFAULT_THRESHOLD, WbcSpark.DEFAULT_BATCH_SIZE);
    }

    /** The table's format. */
    public Format format() {
        return Format.of(out);
    }

    /** {@code NAME.summary.json} beside {@code NAME.parquet} / {@code NAME.csv}. */
    public String summaryFile() {
        return out.substring(0, out.length() - format().extension().length()) + ".summary.json";
    }

    /**
     * Checks everything that can be checked before Spark does any work: the model file, the input,
     * and that neither the table nor its summary exists.
     *
     * @throws IllegalArgumentException naming the file or folder and what to do
     */
    public void check(SparkSession spark) {
        ModelFileInfo.read(model);
        try {
            org.apache.hadoop.fs.Path input = new org.apache.hadoop.fs.Path(folder != null ? folder : manifest);
            FileSystem inFs = input.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!inFs.exists(input)) {
                throw new IllegalArgumentException(folder != null
                        ? "No such folder: " + folder + "; give the folder of images to classify (searched recursively)"
                        : "No such manifest: " + manifest + "; give a text file with one image path per line");
            }
            for (String target : new String[] {out, summaryFile()}) {
                org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(target);
                if (p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)) {
                    throw new IllegalArgumentException("--out " + target + " already exists; choose a new name (an earlier"
                            + " result is never replaced)");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot check the input and output paths: " + e.getMessage(), e);
        }
    }

    /** Checks, classifies, writes the table atomically and then its summary. */
    public Result run(SparkSession spark) {
        check(spark);
        long start = System.nanoTime();
        Dataset<Row> input = folder != null ? WbcSpark.images(spark, folder) : WbcSpark.manifest(spark, manifest);
        Dataset<Row> table = WbcSpark.classify(spark, model, input, batchSize);
        ClassSet classes = io.github.wbczoo.core.ModelFileInfo.read(model).classes();
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(out);
        // Not a hidden name: Spark warns when it is told to read a folder whose name starts with '.' or '_'.
        org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(target.getParent(),
                target.getName() + ".in-progress-" + UUID.randomUUID());
        FileSystem fs;
        try {
            fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the file system of " + out + ": " + e.getMessage(), e);
        }
        ClassificationSummary summary;
        try {
            write(table, tmp.toString());
            summary = ClassificationSummary.of(read(spark, tmp.toString(), classes), classes, threshold);
            if (fs.exists(target)) { // created by someone else while the job ran
                throw new IllegalArgumentException("--out " + out + " appeared while the job ran; the result is not moved"
                        + " over it. Choose a new name and run again");
            }
            if (!fs.rename(tmp, target)) {
                throw new IOException("renaming " + tmp + " to " + target + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + out + ": " + e.getMessage()
                    + ". Check that its folder is writable, or choose another path", e);
        } finally {
            deleteQuietly(fs, tmp);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Result result = new Result(target.toString(), format(), summaryFile(), model.toAbsolutePath().toString(), seconds, summary);
        writeAtomically(fs, new org.apache.hadoop.fs.Path(summaryFile()), Json.write(result) + "\n");
        return result;
    }

    private void write(Dataset<Row> table, String path) {
        var writer = table.write().mode(SaveMode.ErrorIfExists);
        switch (format()) {
            case PARQUET -> writer.parquet(path);
            case CSV -> writer.option("header", "true").csv(path);
        }
    }

    /** The table as written, with its schema (CSV has none of its own). */
    private Dataset<Row> read(SparkSession spark, String path, ClassSet classes) {
        return switch (format()) {
            case PARQUET -> spark.read().parquet(path);
            case CSV -> spark.read().schema(WbcSpark.outputSchema(classes)).option("header", "true").csv(path);
        };
    }

    private static void writeAtomically(FileSystem fileSystem, org.apache.hadoop.fs.Path target, String text) {
        // On a local disk, the raw file system: no .crc file beside the summary.
        FileSystem fs = fileSystem instanceof org.apache.hadoop.fs.LocalFileSystem local ? local.getRaw() : fileSystem;
        org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(target.getParent(), "." + target.getName() + ".tmp-"
                + UUID.randomUUID());
        try {
            try (OutputStream o = fs.create(tmp, false)) {
                o.write(text.getBytes(StandardCharsets.UTF_8));
            }
            if (!fs.rename(tmp, target)) {
                throw new IOException("renaming " + tmp + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(fs, tmp);
        }
    }

    private static void deleteQuietly(FileSystem fs, org.apache.hadoop.fs.Path p) {
        try {
            if (fs.exists(p)) {
                fs.delete(p, true);
            }
        } catch (IOException ignored) {
            // the job's own error matters more than a hidden leftover
        }
    }
}
