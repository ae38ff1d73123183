package io.github.wbczoo.spark;

import io.github.wbczoo.core.ImageDecoder;
import io.github.wbczoo.core.ModelFileInfo;
import io.github.wbczoo.core.WbcBackend;
import io.github.wbczoo.core.ClassSet;
import io.github.wbczoo.core.WbcModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.SerializableWritable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Classifies white blood cell images on Apache Spark: inference only, one row in, one row out,
 * embarrassingly parallel. The model file travels to each executor once (a broadcast of its bytes)
 * and is loaded once per executor JVM; each task classifies its partition in batches, with ND4J
 * using as many threads as the task has cores ({@code spark.task.cpus}). An image that cannot be
 * read gets its reason in the {@value #ERROR} column; it never fails the job.
 *
 * <p>The result has one row per input row, columns {@value #PATH}, {@value #PREDICTED},
 * {@value #CONFIDENCE}, one float probability column per class (named as the model's classes, in their
 * order) and {@value #ERROR}; the probabilities are exactly those of {@link WbcModel#predict(Path)}
 * on the same file.
 *
 * <p>Usage: {@code Dataset<Row> out = WbcSpark.classify(spark, Path.of("model.wbc"), WbcSpark.images(spark, "hdfs:///slides/"));}
 */
public final class WbcSpark {
    /** Input and output column: the image's path or URI, as listed or given. */
    public static final String PATH = "path";
    /** Optional input column: the file's bytes (Spark's {@code binaryFile} source calls it so); read from {@value #PATH} when absent. */
    public static final String CONTENT = "content";
    /** Output column: the most probable class's name; null for an unreadable image. */
    public static final String PREDICTED = "predicted";
    /** Output column: the probability of the predicted class; null for an unreadable image. */
    public static final String CONFIDENCE = "confidence";
    /** Output column: why the image could not be classified (the decoder's reason); null when it was. */
    public static final String ERROR = "error";
    /** Images per forward pass, as {@code ./wbc predict} uses. */
    public static final int DEFAULT_BATCH_SIZE = 32;
    /** Path rows per partition for path lists and manifests: small enough to spread a few thousand images over the cores. */
    static final int PATHS_PER_PARTITION = 256;

    private WbcSpark() {
    }

    /** The output schema for a model of these classes: path, predicted, confidence, one probability per class in order, error. */
    public static StructType outputSchema(ClassSet classes) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField(PATH, DataTypes.StringType, false));
        fields.add(DataTypes.createStructField(PREDICTED, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(CONFIDENCE, DataTypes.FloatType, true));
        for (String c : classes.names()) {
            fields.add(DataTypes.createStructField(c, DataTypes.FloatType, true));
        }
        fields.add(DataTypes.createStructField(ERROR, DataTypes.StringType, true));
        return DataTypes.createStructType(fields);
    }

    /**
     * The image files under a folder (recursively; {@code .jpeg}, {@code .jpg}, {@code .png},
     * {@code .bmp} in any case, empty ones included: they get an error row), listed on the driver
     * through Hadoop's file system API, in path order. Spark's {@code binaryFile} source is not used
     * for listing: it leaves out, without a word, files whose names start with {@code _} or
     * {@code .} (Hadoop's hidden files; every BCCD image is named {@code _0_1234.jpeg}) and empty
     * files. The executors read the bytes, so a file that cannot be read becomes an error row
     * instead of a failed task.
     *
     * @param folder a local path or any Hadoop URI ({@code hdfs://}, {@code s3a://}, {@code file:})
     * @throws IllegalArgumentException when the folder does not exist or holds no image files
     */
    public static Dataset<Row> images(SparkSession spark, String folder) {
        return paths(spark, listImages(spark, folder));
    }

    /** The image files under {@code folder}, as {@link #images} lists them (fully qualified URIs). */
    public static List<String> listImages(SparkSession spark, String folder) {
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(folder);
        List<String> out = new ArrayList<>();
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(root)) {
                throw new IllegalArgumentException("No such folder: " + folder + "; give the folder of image files to classify");
            }
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
            while (files.hasNext()) {
                LocatedFileStatus f = files.next();
                if (f.isFile() && ImageDecoder.hasImageExtension(Path.of(f.getPath().getName()))) {
                    out.add(f.getPath().toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder + ": " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("No image files (" + String.join(", ", new java.util.TreeSet<>(ImageDecoder.IMAGE_EXTENSIONS))
                    + ") under " + folder);
        }
        java.util.Collections.sort(out);
        return out;
    }

    /** Rows for a list of image paths (local paths or Hadoop URIs), spread over the cluster's cores. */
    public static Dataset<Row> paths(SparkSession spark, List<String> paths) {
        List<Row> rows = paths.stream().map(p -> RowFactory.create(Objects.requireNonNull(p, "path"))).toList();
        StructType schema = DataTypes.createStructType(List.of(DataTypes.createStructField(PATH, DataTypes.StringType, false)));
        int slices = partitionsFor(spark, rows.size());
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, slices), schema);
    }

    /**
     * Rows for the image paths listed in a text file, one per line (blank lines and lines starting
     * with {@code #} are left out; a first line {@code path}, a CSV header, too).
     *
     * @param manifest a local path or Hadoop URI of the text file
     */
    public static Dataset<Row> manifest(SparkSession spark, String manifest) {
        Dataset<String> lines = spark.read().textFile(manifest);
        Dataset<Row> paths = lines.map((org.apache.spark.api.java.function.MapFunction<String, String>) String::strip,
                        Encoders.STRING())
                .filter((org.apache.spark.api.java.function.FilterFunction<String>) l -> !l.isEmpty() && !l.startsWith("#")
                        && !l.equals(PATH))
                .toDF(PATH);
        long n = paths.count(); // a cheap pass over the text, so that the images spread over every core
        return paths.repartition(partitionsFor(spark, n));
    }

    static int partitionsFor(SparkSession spark, long rows) {
        int cores = Math.max(1, spark.sparkContext().defaultParallelism());
        long wanted = Math.max(cores, (rows + PATHS_PER_PARTITION - 1) / PATHS_PER_PARTITION);
        return (int) Math.max(1, Math.min(Math.min(wanted, Math.max(rows, 1)), 100_000));
    }

    /** {@link #classify(SparkSession, Path, Dataset, int)} with batches of {@value #DEFAULT_BATCH_SIZE}. */
    public static Dataset<Row> classify(SparkSession spark, Path modelFile, Dataset<Row> input) {
        return classify(spark, modelFile, input, DEFAULT_BATCH_SIZE);
    }

    /**
     * Classifies every row of {@code input} (lazily: nothing runs until the result is written or
     * collected).
     *
     * @param modelFile a model written by {@link WbcModel#save} or {@code ./wbc train}, on the driver's file system
     * @param input     rows with a string column {@value #PATH} and optionally a binary column {@value #CONTENT}
     *                  (the file's bytes, e.g. straight from {@code spark.read().format("binaryFile")}); other
     *                  columns are ignored
     * @param batchSize images per forward pass
     * @throws IllegalArgumentException when the model file is missing or not a model, or the input lacks a path column
     */
    public static Dataset<Row> classify(SparkSession spark, Path modelFile, Dataset<Row> input, int batchSize) {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(input, "input");
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        Path model = modelFile.toAbsolutePath().normalize();
        ClassSet classes = ModelFileInfo.read(model).classes(); // a missing or foreign file fails here, on the driver, naming it
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(model);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read model file " + model + ": " + e.getMessage(), e);
        }
        return classify(spark, bytes, model.getFileName().toString(), classes, input, batchSize);
    }

    /** Classifies with a model in memory: it is saved to a temporary file and shipped like a model file. */
    public static Dataset<Row> classify(SparkSession spark, WbcModel model, Dataset<Row> input) {
        try {
            Path tmp = Files.createTempFile("wbc-spark-model", ".wbc");
            try {
                model.save(tmp);
                return classify(spark, tmp, input, DEFAULT_BATCH_SIZE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the model to a temporary file: " + e.getMessage(), e);
        }
    }

    private static Dataset<Row> classify(SparkSession spark, byte[] modelBytes, String modelName, ClassSet classes,
                                         Dataset<Row> input, int batchSize) {
        StructType schema = input.schema();
        if (!hasField(schema, PATH, DataTypes.StringType)) {
            throw new IllegalArgumentException("The input needs a string column '" + PATH + "' (the image's path or URI); it has "
                    + String.join(", ", schema.fieldNames())
                    + ". Use WbcSpark.images(spark, folder), paths(spark, list) or manifest(spark, file).");
        }
        boolean withContent = hasField(schema, CONTENT, DataTypes.BinaryType);
        Dataset<Row> slim = withContent ? input.select(PATH, CONTENT) : input.select(PATH);
        WbcBackend.init(); // the driver logs the backend once; executors do the same when they load the model
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // One copy of the model per executor (torrent broadcast, cached), instead of one per task closure.
        Broadcast<byte[]> model = jsc.broadcast(modelBytes);
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        Broadcast<SerializableWritable<Configuration>> conf = jsc.broadcast(new SerializableWritable<>(hadoop));
        PartitionClassifier classifier = new PartitionClassifier(model, modelName, conf, withContent, batchSize);
        return slim.mapPartitions(classifier, Encoders.row(outputSchema(classes)));
    }

    private static boolean hasField(StructType schema, String name, DataType type) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(name) && f.dataType().equals(type)) {
                return true;
            }
        }
        return false;
    }
}
