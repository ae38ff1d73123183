package io.github.wbczoo.data;

import io.github.wbczoo.core.CellClass;
import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One image file with its class and the folder it came from. Every batch a {@link BccdIterator}
 * produces carries these as DL4J example metadata, in row order, so an evaluation can name the
 * files it got wrong.
 *
 * <p>Usage: {@code List<LabeledImage> rows = batch.getExampleMetaData(LabeledImage.class);}
 *
 * @param file   absolute path of the image
 * @param label  the cell type (its class folder)
 * @param folder the split folder it lies in
 * @param group  the patient, slide or source cell it comes from (a manifest's {@code group} column), or null:
 *               splits never put two images of one group on both sides
 */
public record LabeledImage(Path file, CellClass label, Split folder, String group) implements Serializable {

    public LabeledImage {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(folder, "folder");
    }

    /** An image without a group. */
    public LabeledImage(Path file, CellClass label, Split folder) {
        this(file, label, folder, null);
    }

    /** {@code TEST/EOSINOPHIL/_0_1616.jpeg}: the path as the dataset and SHA256SUMS name it. */
    public String relativeName() {
        return folder.folderName() + "/" + label.name() + "/" + file.getFileName();
    }

    @Override
    public String toString() {
        return relativeName();
    }

    // Path is not serializable; DL4J metadata must be, so serialise through a string form.
    @Serial
    private Object writeReplace() {
        return new SerialForm(file.toString(), label, folder, group);
    }

    private record SerialForm(String file, CellClass label, Split folder, String group) implements Serializable {
        @Serial
        private Object readResolve() {
            return new LabeledImage(Path.of(file), label, folder, group);
        }
    }
}
