package io.github.wbczoo.spark;

import io.github.wbczoo.core.BadImageException;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.ImageDecoder;
import io.github.wbczoo.core.ImageResizer;
import io.github.wbczoo.core.InputTensors;
import io.github.wbczoo.core.Prediction;
import io.github.wbczoo.core.WbcModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SerializableWritable;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The task side of {@link WbcSpark#classify}: reads, decodes and classifies one partition in
 * batches, streaming (a partition is never held in memory). Serialised into each task; the model
 * itself travels as a broadcast and is borrowed from {@link ExecutorModels}.
 *
 * <p>Usage: {@code input.mapPartitions(new PartitionClassifier(model, "m.wbc", conf, false, 32), Encoders.row(WbcSpark.outputSchema(classes)))}
 */
final class PartitionClassifier implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    /** Larger files are refused: no cell crop is that big, and reading one must not exhaust an executor. */
    static final long MAX_FILE_BYTES = 256L << 20;

    private final Broadcast<byte[]> model;
    private final String modelName;
    private final Broadcast<SerializableWritable<Configuration>> hadoopConf;
    private final boolean withContent;
    private final int batchSize;

    PartitionClassifier(Broadcast<byte[]> model, String modelName, Broadcast<SerializableWritable<Configuration>> hadoopConf,
                        boolean withContent, int batchSize) {
        this.model = model;
        this.modelName = modelName;
        this.hadoopConf = hadoopConf;
        this.withContent = withContent;
        this.batchSize = batchSize;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        TaskContext task = TaskContext.get();
        ExecutorModels.useTaskCores(task == null ? Runtime.getRuntime().availableProcessors() : task.cpus());
        ExecutorModels.Lease lease = ExecutorModels.borrow(model, modelName);
        if (task != null) {
            task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> lease.close()); // also when the consumer stops early or fails
        }
        return new Batches(input, lease.model(), hadoopConf.value().value(), lease);
    }

    /** Pulls {@code batchSize} rows, classifies them in one forward pass, hands them out, repeats. */
    private final class Batches implements Iterator<Row> {
        private final Iterator<Row> input;
        private final WbcModel wbc;
        private final Configuration conf;
        private final ExecutorModels.Lease lease;
        private final ArrayDeque<Row> ready = new ArrayDeque<>();

        Batches(Iterator<Row> input, WbcModel wbc, Configuration conf, ExecutorModels.Lease lease) {
            this.input = input;
            this.wbc = wbc;
            this.conf = conf;
            this.lease = lease;
        }

        @Override
        public boolean hasNext() {
            if (ready.isEmpty() && input.hasNext()) {
                classifyNextBatch();
            }
            if (ready.isEmpty()) {
                lease.close(); // without a task context (tests calling call() directly) this is the only release
                return false;
            }
            return true;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.poll();
        }

        private void classifyNextBatch() {
            List<String> paths = new ArrayList<>(batchSize);
            List<Object> decoded = new ArrayList<>(batchSize); // a BufferedImage or the reason it is not one
            while (paths.size() < batchSize && input.hasNext()) {
                Row row = input.next();
                String path = row.getString(0);
                paths.add(path);
                decoded.add(decode(path, withContent ? (byte[]) row.get(1) : null));
            }
            DataConfig config = wbc.dataConfig();
            List<float[]> pixels = new ArrayList<>(paths.size());
            for (Object d : decoded) {
                if (d instanceof java.awt.image.BufferedImage img) {
                    pixels.add(ImageResizer.resizeRgb(img, config.height(), config.width()));
                }
            }
            // The same steps as WbcModel.predict(List), without its parallel resize: a task keeps to its own cores.
            INDArray probs = pixels.isEmpty() ? null : wbc.output(InputTensors.batch(pixels, config));
            int k = 0;
            for (int i = 0; i < paths.size(); i++) {
                if (decoded.get(i) instanceof String reason) {
                    ready.add(errorRow(paths.get(i), reason, wbc.classes().size()));
                } else {
                    ready.add(predictionRow(paths.get(i), Prediction.of(probs.getRow(k++).toFloatVector(), wbc.classes())));
                }
            }
        }

        private Object decode(String path, byte[] content) {
            Path named = messagePath(path);
            try {
                byte[] bytes = content != null ? content : read(path, named);
                return ImageDecoder.decode(named, bytes);
            } catch (BadImageException e) {
                return e.reason();
            } catch (RuntimeException e) {
                // Whatever one file does to a decoder, it is that file's row, not the job.
                return "cannot be decoded (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
            }
        }

        private byte[] read(String path, Path named) {
            try {
                org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
                FileSystem fs = p.getFileSystem(conf);
                long length = fs.getFileStatus(p).getLen();
                if (length > MAX_FILE_BYTES) {
                    throw new BadImageException(named, "too large for a cell image (" + length + " bytes, at most "
                            + MAX_FILE_BYTES + "); expected a JPEG or PNG image");
                }
                try (InputStream in = fs.open(p)) {
                    return in.readAllBytes();
                }
            } catch (IOException | IllegalArgumentException e) {
                if (e instanceof BadImageException b) {
                    throw b;
                }
                throw new BadImageException(named, "cannot be read (" + ImageDecoder.describe(e)
                        + "); check that it exists and is readable", e);
            }
        }
    }

    /** The path for the decoder's messages (only the reason is kept; a path Java cannot parse is still a row). */
    private static Path messagePath(String path) {
        try {
            return Path.of(path);
        } catch (InvalidPathException e) {
            return Path.of("image");
        }
    }

    static Row predictionRow(String path, Prediction p) {
        int k = p.classes().size();
        Object[] values = new Object[4 + k];
        values[0] = path;
        values[1] = p.predicted().name();
        values[2] = p.confidence();
        float[] probs = p.probabilities();
        for (int c = 0; c < k; c++) {
            values[3 + c] = probs[c];
        }
        values[3 + k] = null;
        return RowFactory.create(values);
    }

    static Row errorRow(String path, String reason, int classes) {
        Object[] values = new Object[4 + classes];
        values[0] = path;
        values[3 + classes] = reason;
        return RowFactory.create(values);
    }
}
