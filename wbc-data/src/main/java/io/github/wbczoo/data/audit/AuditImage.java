package io.github.wbczoo.data.audit;

import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ImageDecoder;
import io.github.wbczoo.data.LabeledImage;
import io.github.wbczoo.data.Split;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One image the duplicate finder compares: a name that identifies it ({@code TEST/EOSINOPHIL/_0_1616.jpeg}
 * for a BCCD file), its class and split, and where its encoded bytes come from (a file, or bytes in
 * memory for the planted copies of {@link PlantedCopies}).
 *
 * <p>Usage: {@code AuditImage a = AuditImage.of(labeledImage);}
 *
 * @param name    unique name, the dataset's relative path for BCCD files
 * @param label   the class folder; the finder only compares images of one class
 * @param split   the split folder
 * @param file    the image file, or null when {@code content} is given
 * @param content the encoded image (JPEG or PNG), or null when {@code file} is given
 */
public record AuditImage(String name, CellClass label, Split split, Path file, byte[] content) {

    public AuditImage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(split, "split");
        if ((file == null) == (content == null)) {
            throw new IllegalArgumentException("Give exactly one of file and content for " + name);
        }
    }

    /** A BCCD file, named as SHA256SUMS names it. */
    public static AuditImage of(LabeledImage image) {
        return new AuditImage(image.relativeName(), image.label(), image.folder(), image.file(), null);
    }

    /** An image held in memory (e.g. a planted copy). */
    public static AuditImage inMemory(String name, CellClass label, Split split, byte[] encoded) {
        return new AuditImage(name, label, split, null, encoded);
    }

    /** The encoded bytes (read from the file when there is one). */
    public byte[] bytes() {
        return content != null ? content : ImageDecoder.readBytes(file);
    }

    @Override
    public String toString() {
        return name;
    }
}
