package io.github.wbczoo.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The model file format: DL4J's own model zip (so DL4J tools can still open it) plus two entries,
 * {@value #METADATA_ENTRY} (architecture, data config, class order, output roles, notes) and
 * {@value #HISTORY_ENTRY}. Written atomically.
 *
 * <p>Usage: internal; call {@link WbcModel#save} and {@link WbcModel#load}.
 */
final class ModelFile {
    static final String METADATA_ENTRY = "wbc-model.json";
    static final String HISTORY_ENTRY = "wbc-history.json";
    static final int FORMAT_VERSION = 1;

    private ModelFile() {
    }

    /** The metadata entry's content. */
    record Metadata(@JsonProperty("formatVersion") int formatVersion,
                    @JsonProperty("architecture") String architecture,
                    @JsonProperty("networkType") String networkType,
                    @JsonProperty("classes") List<String> classes,
                    @JsonProperty("outputs") List<OutputRole> outputs,
                    @JsonProperty("dataConfig") DataConfig dataConfig,
                    @JsonProperty("notes") Map<String, String> notes,
                    @JsonProperty("weightsEpoch") Integer weightsEpoch,
                    @JsonProperty("bestEpoch") Integer bestEpoch,
                    @JsonProperty("monitor") String monitor) {
    }

    static void write(WbcModel model, Path file) {
        write(model, file, true);
    }

    /** As {@link #write(WbcModel, Path)}; without the optimiser state when {@code withUpdater} is false (inference only). */
    static void write(WbcModel model, Path file, boolean withUpdater) {
        Metadata meta = metadata(model.architecture(),
                model.network() instanceof ComputationGraph ? "ComputationGraph" : "MultiLayerNetwork",
                model.classes().names(), model.outputs(), model.dataConfig(), model.notes(), model.weightsEpoch(),
                model.history());
        AtomicFiles.writeFile(file, tmp -> {
            ModelSerializer.writeModel(model.network(), tmp.toFile(), withUpdater);
            // Add our entries through the zip file system: DL4J's (large, compressed) entries are
            // copied as they are instead of being decompressed and compressed again.
            try (FileSystem zip = FileSystems.newFileSystem(tmp)) {
                Files.writeString(zip.getPath(METADATA_ENTRY), Json.write(meta));
                Files.writeString(zip.getPath(HISTORY_ENTRY), model.history().toJson());
            }
        });
    }

    private static Metadata metadata(String architecture, String networkType, List<String> classes, List<OutputRole> outputs,
                                     DataConfig data, Map<String, String> notes, int weightsEpoch, TrainingHistory history) {
        int best = history.bestEpoch();
        return new Metadata(FORMAT_VERSION, architecture, networkType, classes, outputs, data, notes,
                weightsEpoch, best == 0 ? null : best, history.monitor());
    }

    /**
     * Replaces the history (and the best epoch it implies) in an existing model file, atomically,
     * without touching the network: a best-model checkpoint whose later epochs did not improve
     * still carries the whole history of the run.
     */
    static void rewriteHistory(Path file, TrainingHistory history) {
        Path abs = file.toAbsolutePath();
        Entries before = readEntries(abs);
        Metadata old = before.meta();
        Metadata meta = metadata(old.architecture(), old.networkType(), old.classes(), old.outputs(), old.dataConfig(),
                old.notes() == null ? Map.of() : old.notes(), weightsEpoch(before), history);
        AtomicFiles.writeFile(abs, tmp -> {
            Files.copy(abs, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            try (FileSystem zip = FileSystems.newFileSystem(tmp)) {
                Files.writeString(zip.getPath(METADATA_ENTRY), Json.write(meta));
                Files.writeString(zip.getPath(HISTORY_ENTRY), history.toJson());
            }
        });
    }

    /** What a model file says about itself, read without loading the network. */
    static ModelFileInfo info(Path file) {
        Path abs = file.toAbsolutePath();
        Entries entries = readEntries(abs);
        return new ModelFileInfo(abs, entries.meta().architecture(), weightsEpoch(entries), entries.history(),
                entries.meta().classes() == null ? ClassSet.BCCD : ClassSet.of(entries.meta().classes()));
    }

    /**
     * Files written before the field existed hold the best epoch by validation accuracy: a
     * checkpoint of an interrupted run saved it last (so it ends the history), and a finished run
     * saved the restored best weights with the whole history. Without validation: the last epoch.
     */
    private static int weightsEpoch(Entries e) {
        if (e.meta().weightsEpoch() != null) {
            return e.meta().weightsEpoch();
        }
        if (e.history().isEmpty()) {
            return 0;
        }
        int best = e.history().bestEpoch("val_accuracy");
        return best == 0 ? e.history().last().epoch() : best;
    }

    private record Entries(Metadata meta, TrainingHistory history) {
    }

    private static Entries readEntries(Path abs) {
        if (!Files.isRegularFile(abs)) {
            throw new IllegalArgumentException("No model file at " + abs + ": pass the file written by WbcModel.save or ./wbc train");
        }
        try (ZipFile zip = new ZipFile(abs.toFile())) {
            ZipEntry metaEntry = zip.getEntry(METADATA_ENTRY);
            if (metaEntry == null) {
                throw new IllegalArgumentException(abs + " is not a wbc-zoo model file (no " + METADATA_ENTRY
                        + " inside); plain DL4J models can be wrapped with WbcModel.of(...)");
            }
            Metadata meta;
            try (InputStream in = zip.getInputStream(metaEntry)) {
                meta = Json.mapper().readValue(in, Metadata.class);
            }
            ZipEntry h = zip.getEntry(HISTORY_ENTRY);
            TrainingHistory history = new TrainingHistory();
            if (h != null) {
                try (InputStream in = zip.getInputStream(h)) {
                    history = Json.mapper().readValue(in, TrainingHistory.class);
                }
            }
            if (meta.formatVersion() > FORMAT_VERSION) {
                throw new IllegalArgumentException(abs + " was written by a newer wbc-zoo (format " + meta.formatVersion()
                        + "); upgrade wbc-zoo to load it");
            }
            return new Entries(meta, history);
        } catch (java.util.zip.ZipException e) {
            throw new IllegalArgumentException(abs + " is not a model file (not a zip archive: " + e.getMessage()
                    + "); it may be truncated or another kind of file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read model file " + abs + ": " + e.getMessage(), e);
        }
    }

    static WbcModel read(Path file) {
        Path abs = file.toAbsolutePath();
        Entries entries = readEntries(abs);
        Metadata meta = entries.meta();
        if (meta.classes() == null) {
            throw new IllegalArgumentException(abs + " names no classes in its " + METADATA_ENTRY + ": it is not a wbc-zoo model file");
        }
        ClassSet classes = ClassSet.of(meta.classes());
        Model network;
        try {
            network = "ComputationGraph".equals(meta.networkType())
                    ? ModelSerializer.restoreComputationGraph(abs.toFile(), true)
                    : ModelSerializer.restoreMultiLayerNetwork(abs.toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the network in " + abs + ": " + e.getMessage(), e);
        }
        return WbcModel.restored(meta.architecture(), network, meta.dataConfig(), new ArrayList<>(meta.outputs()), classes,
                entries.history(), meta.notes() == null ? Map.of() : meta.notes(), weightsEpoch(entries));
    }
}
