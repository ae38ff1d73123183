package io.github.wbczoo.spark;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code spark-submit} entry point for people without Spark code of their own: classifies a
 * folder (or a manifest) of images and writes a Parquet or CSV table with its summary
 * ({@link SparkClassifyJob}). Exit code 0 when the table was written, unreadable images included
 * (they are rows of the table, counted in the summary); 2 for bad arguments or input, with one
 * line saying what to fix.
 *
 * <p>Usage: {@code spark-submit --class io.github.wbczoo.spark.WbcSparkMain --jars ... wbc-spark.jar --model m.wbc --input hdfs:///cells --out hdfs:///runs/cells.parquet}
 */
public final class WbcSparkMain {
    static final String USAGE = "usage: WbcSparkMain --model FILE (--input DIR | --manifest FILE) --out NAME.parquet|NAME.csv"
            + " [--threshold 0.5] [--batch-size 32] [--master URL]";

    private WbcSparkMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the job and returns the exit code (tests call this). */
    static int run(String... args) {
        SparkClassifyJob job;
        String master;
        try {
            Deque<String> rest = new ArrayDeque<>(List.of(args));
            String model = null;
            String folder = null;
            String manifest = null;
            String out = null;
            double threshold = ClassificationSummary.DEFAULT_THRESHOLD;
            int batch = WbcSpark.DEFAULT_BATCH_SIZE;
            String m = null;
            while (!rest.isEmpty()) {
                String option = rest.poll();
                switch (option) {
                    case "--model" -> model = value(option, rest);
                    case "--input" -> folder = value(option, rest);
                    case "--manifest" -> manifest = value(option, rest);
                    case "--out" -> out = value(option, rest);
                    case "--threshold" -> threshold = Double.parseDouble(value(option, rest));
                    case "--batch-size" -> batch = Integer.parseInt(value(option, rest));
                    case "--master" -> m = value(option, rest);
                    case "--help", "-h" -> {
                        System.out.println(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + option + "'");
                }
            }
            if (model == null || out == null) {
                throw new IllegalArgumentException("--model and --out are required");
            }
            job = new SparkClassifyJob(Path.of(model), folder, manifest, out, threshold, batch);
            master = m;
        } catch (IllegalArgumentException e) {
            System.err.println("wbc-spark: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        SparkJavaOptions.requireOpened();
        boolean ours = SparkSession.getDefaultSession().isEmpty(); // a session someone else started is left running
        SparkSession.Builder builder = SparkSession.builder().appName("wbc-spark-classify");
        if (master != null) {
            builder.master(master);
        }
        SparkSession spark = builder.getOrCreate();
        try {
            SparkClassifyJob.Result r = job.run(spark);
            System.out.println("Wrote " + r.output() + " (" + r.format().name().toLowerCase(java.util.Locale.ROOT) + ") and "
                    + r.summaryFile());
            System.out.print(r.summary().toText());
            return 0;
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            System.err.println("wbc-spark: " + e.getMessage());
            return 2;
        } finally {
            if (ours) {
                spark.stop();
            }
        }
    }

    private static String value(String option, Deque<String> rest) {
        String v = rest.poll();
        if (v == null || v.startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return v;
    }
}
