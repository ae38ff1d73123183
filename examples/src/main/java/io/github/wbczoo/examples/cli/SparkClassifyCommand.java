package io.github.wbczoo.examples.cli;

import io.github.wbczoo.core.Json;
import io.github.wbczoo.core.ModelFileInfo;
import io.github.wbczoo.spark.SparkClassifyJob;
import io.github.wbczoo.spark.SparkJavaOptions;
import io.github.wbczoo.spark.WbcSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./wbc spark-classify}: classifies a folder or a manifest of images on Apache Spark (local
 * mode by default, or any {@code --master}) and writes a Parquet or CSV table plus
 * {@code NAME.summary.json} beside it ({@link SparkClassifyJob}). For people without Spark code of
 * their own; on a cluster use {@code spark-submit} with {@code io.github.wbczoo.spark.WbcSparkMain}.
 *
 * <p>Usage: {@code ./wbc spark-classify --master local[2] --model runs/v9/model.wbc --input cells/ --out runs/cells.parquet}
 */
@Command(name = "spark-classify", mixinStandardHelpOptions = true,
        description = "Classify a folder (searched recursively) or a manifest of images on Apache Spark; writes a Parquet"
                + " or CSV table (path, predicted, confidence, one probability per class, error) and NAME.summary.json"
                + " beside it. Unreadable images get their reason in the error column.")
public final class SparkClassifyCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--master", defaultValue = "local[*]", paramLabel = "URL",
            description = "Spark master (default ${DEFAULT-VALUE}: every core of this machine).")
    String master;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file written by ./wbc train or WbcModel.save.")
    Path model;

    /** Exactly one of a folder or a manifest. */
    static final class Input {
        @Option(names = "--input", paramLabel = "DIR", description = "Folder of images (.jpeg, .jpg, .png, .bmp), searched recursively.")
        String folder;

        @Option(names = "--manifest", paramLabel = "FILE", description = "Text file with one image path per line.")
        String manifest;
    }

    @ArgGroup(multiplicity = "1")
    Input input;

    @Option(names = "--out", required = true, paramLabel = "NAME.parquet|NAME.csv",
            description = "The table to write (a folder, as Spark writes tables); its ending picks the format. Must not exist.")
    String out;

    @Option(names = "--threshold", defaultValue = "0.5", description = "Confidence below which the summary counts an image"
            + " as doubtful (default ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--batch-size", defaultValue = "32", description = "Images per forward pass (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting, e.g. --conf spark.task.cpus=2 (repeatable).")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--json", description = "Print what was written and the summary as JSON.")
    boolean json;

    @Override
    public Integer call() {
        SparkClassifyJob job = new SparkClassifyJob(model, input.folder, input.manifest, out, threshold, batchSize);
        // Everything local is checked before Spark starts (seconds, not the session's start-up).
        ModelFileInfo.read(model);
        if (isLocal(out)) {
            Path o = Path.of(out);
            OutputPaths.requireWritableFolder(o, "--out");
            for (String target : new String[] {out, job.summaryFile()}) {
                if (Files.exists(Path.of(target))) {
                    throw new IllegalArgumentException("--out " + Path.of(target).toAbsolutePath() + " already exists; choose a"
                            + " new name (an earlier result is never replaced)");
                }
            }
        }
        String in = input.folder != null ? input.folder : input.manifest;
        if (isLocal(in) && !Files.exists(Path.of(in))) {
            throw new IllegalArgumentException((input.folder != null ? "--input: no such folder: " : "--manifest: no such file: ")
                    + Path.of(in).toAbsolutePath());
        }
        requireJavaOptions();
        SparkSession spark = session(master, conf);
        SparkClassifyJob.Result r;
        try {
            r = job.run(spark);
        } finally {
            spark.stop();
        }
        if (json) {
            System.out.println(Json.write(r));
        } else {
            System.out.println("Wrote " + r.output() + " and " + r.summaryFile() + String.format(java.util.Locale.ROOT,
                    " (%.1f s, %.1f images/s)", r.seconds(), r.summary().images() / r.seconds()));
            System.out.print(r.summary().toText());
        }
        long errors = r.summary().errors();
        if (errors > 0) {
            spec.commandLine().getErr().println(errors + " of " + r.summary().images() + " images could not be read (see the "
                    + WbcSpark.ERROR + " column)");
            spec.commandLine().getErr().flush();
        }
        // The exit-code table, as for ./wbc predict: 2 when nothing could be classified, 1 when some images could not be read.
        if (errors == r.summary().images()) {
            return WbcCli.EXIT_BAD_INPUT;
        }
        return errors > 0 ? WbcCli.EXIT_PROBLEMS : WbcCli.EXIT_OK;
    }

    /** A Spark session for the CLI: no web UI (it would only slow the start), the user's settings on top. */
    static SparkSession session(String master, Map<String, String> conf) {
        SparkSession.Builder b = SparkSession.builder().appName("wbc spark-classify").master(master)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "8");
        conf.forEach(b::config);
        return b.getOrCreate();
    }

    /** A plain path on this machine (no URI scheme), which can be checked before Spark starts. */
    static boolean isLocal(String path) {
        return !path.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*");
    }

    /** Java 17's flags for Spark, as a bad-input line (exit 2) rather than a crash: {@code ./wbc} sets them. */
    static void requireJavaOptions() {
        try {
            SparkJavaOptions.requireOpened();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage() + "; ./wbc and java -jar examples/target/wbc.jar set them", e);
        }
    }
}
