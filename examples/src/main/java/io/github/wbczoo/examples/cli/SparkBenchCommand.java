package io.github.wbczoo.examples.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.wbczoo.core.Json;
import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.models.ModelBuilder;
import io.github.wbczoo.models.WbcModels;
import io.github.wbczoo.spark.WbcSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./wbc bench spark}: images/s of {@link WbcSpark#classify} in Spark local mode against the
 * single-JVM {@code ./wbc predict} path ({@link PredictCommand#predictAll}) on the same BCCD TEST
 * files with the same model, in one run, with Spark's overhead (session start, the first job's
 * model broadcast and load) stated apart.
 *
 * <p>Usage: {@code ./wbc bench spark --limit 500 --json}
 */
@Command(name = "spark", mixinStandardHelpOptions = true,
        description = "Images/s of Spark classification (local[2] by default) against the single-JVM ./wbc predict path on"
                + " the same BCCD TEST images and model, in one run: predict after one untimed batch; Spark twice (the first"
                + " job includes broadcasting and loading the model and JIT warm-up; the second is the steady rate),"
                + " written to Spark's no-op sink; the session start is timed apart.")
public final class SparkBenchCommand implements Callable<Integer> {
    /** Stand-in statistics for an untrained model's z-score (BCCD-like pixel means); speed does not depend on them. */
    private static final float[] MEAN = {160f, 140f, 170f};
    private static final float[] STD = {40f, 45f, 35f};

    @Option(names = "--model", paramLabel = "FILE", description = "A model file (default: an untrained --arch model).")
    Path model;

    @Option(names = "--arch", defaultValue = "myCnn.v9", paramLabel = "NAME",
            description = "Registry architecture for the untrained model when no --model is given (default ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--input-size", paramLabel = "WxH", description = "Input width x height of the untrained model (default: its recipe's).")
    String inputSize;

    @Mixin
    DataOption data;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "At most N TEST images (0 = all 2,487; default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--master", defaultValue = "local[2]", paramLabel = "URL", description = "Spark master (default ${DEFAULT-VALUE}).")
    String master;

    /** Images per forward pass on both paths: ./wbc predict's batch. */
    private static final int BATCH = WbcSpark.DEFAULT_BATCH_SIZE;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    /** The run's figures. */
    record Result(@JsonProperty("model") String model,
                  @JsonProperty("inputSize") String inputSize,
                  @JsonProperty("images") int images,
                  @JsonProperty("batchSize") int batchSize,
                  @JsonProperty("master") String master,
                  @JsonProperty("predictThreads") int predictThreads,
                  @JsonProperty("predictSeconds") double predictSeconds,
                  @JsonProperty("predictImagesPerSec") double predictImagesPerSec,
                  @JsonProperty("sparkSessionStartSeconds") double sparkSessionStartSeconds,
                  @JsonProperty("sparkPartitions") int sparkPartitions,
                  @JsonProperty("sparkFirstJobSeconds") double sparkFirstJobSeconds,
                  @JsonProperty("sparkFirstJobImagesPerSec") double sparkFirstJobImagesPerSec,
                  @JsonProperty("sparkSeconds") double sparkSeconds,
                  @JsonProperty("sparkImagesPerSec") double sparkImagesPerSec,
                  @JsonProperty("ratio") double ratio,
                  @JsonProperty("firstJobRatio") double firstJobRatio) {
    }

    @Override
    public Integer call() throws IOException {
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must be 0 (all images) or more, got " + limit);
        }
        SparkClassifyCommand.requireJavaOptions();
        Path test = data.open().imagesDir().resolve("TEST");
        List<Path> images = PredictCommand.collectImages(List.of(test));
        if (limit > 0 && limit < images.size()) {
            images = images.subList(0, limit);
        }
        Path tmpDir = Files.createTempDirectory("wbc-bench-spark");
        try {
            Path file = model != null ? model : untrainedModel(tmpDir.resolve(arch + ".wbc"));
            WbcModel m = WbcModel.load(file);
            String name = model != null ? file.toString() : arch + " (untrained)";

            // Single JVM first: Spark's tasks set ND4J's thread count for the whole JVM in local mode.
            int threads = Nd4j.getEnvironment().maxThreads();
            PredictCommand.predictAll(m, images.subList(0, Math.min(BATCH, images.size()))); // warm-up, untimed
            long t0 = System.nanoTime();
            PredictCommand.predictAll(m, images);
            double predictSeconds = seconds(t0);

            long t1 = System.nanoTime();
            SparkSession spark = SparkClassifyCommand.session(master, new LinkedHashMap<>());
            double startSeconds = seconds(t1);
            try {
                List<String> paths = images.stream().map(p -> p.toAbsolutePath().toString()).toList();
                Dataset<Row> first = WbcSpark.classify(spark, file, WbcSpark.paths(spark, paths), BATCH);
                int partitions = first.rdd().getNumPartitions();
                long t2 = System.nanoTime();
                first.write().format("noop").mode(SaveMode.Overwrite).save();
                double firstSeconds = seconds(t2);
                long t3 = System.nanoTime();
                WbcSpark.classify(spark, file, WbcSpark.paths(spark, paths), BATCH).write().format("noop")
                        .mode(SaveMode.Overwrite).save();
                double sparkSeconds = seconds(t3);
                int n = images.size();
                Result r = new Result(name, m.dataConfig().sizeLabel(), n, BATCH, master, threads, predictSeconds,
                        n / predictSeconds, startSeconds, partitions, firstSeconds, n / firstSeconds, sparkSeconds,
                        n / sparkSeconds, predictSeconds / sparkSeconds, predictSeconds / firstSeconds);
                print(r);
            } finally {
                spark.stop();
            }
        } finally {
            deleteTree(tmpDir);
        }
        return WbcCli.EXIT_OK;
    }

    private Path untrainedModel(Path file) {
        ModelBuilder<?> b = WbcModels.create(arch);
        if (inputSize != null) {
            int[] wh = ImageSizes.parse("--input-size", inputSize);
            b.inputSize(wh[1], wh[0]);
        }
        WbcModel m = b.build();
        if (!m.dataConfig().normalization().isFitted()) {
            m.dataConfig(m.dataConfig().withNormalization(m.dataConfig().normalization().fitted(MEAN, STD)));
        }
        m.save(file);
        return file;
    }

    private void print(Result r) {
        if (json) {
            System.out.println(Json.write(r));
            return;
        }
        System.out.printf(Locale.ROOT, "%s at %s, %,d BCCD TEST images, batch %d%n", r.model(), r.inputSize(), r.images(),
                r.batchSize());
        System.out.printf(Locale.ROOT, "%-36s %8.1f images/s  (%.1f s)%n", "single JVM (./wbc predict, " + r.predictThreads()
                + " threads)", r.predictImagesPerSec(), r.predictSeconds());
        System.out.printf(Locale.ROOT, "%-36s %8.1f images/s  (%.1f s, %d partitions)%n", "Spark " + r.master(),
                r.sparkImagesPerSec(), r.sparkSeconds(), r.sparkPartitions());
        System.out.printf(Locale.ROOT, "%-36s %8.1f images/s  (%.1f s: + model broadcast and load, JIT)%n",
                "Spark " + r.master() + ", first job", r.sparkFirstJobImagesPerSec(), r.sparkFirstJobSeconds());
        System.out.printf(Locale.ROOT, "ratio Spark / single JVM: %.2fx (first job %.2fx); Spark session start %.1f s (not in"
                + " either)%n", r.ratio(), r.firstJobRatio(), r.sparkSessionStartSeconds());
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }
}
