package io.github.wbczoo.data;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.github.wbczoo.core.BadImageException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file that could not be used, and why: listed by lenient mode's summary and by
 * {@code ./wbc data check}.
 *
 * <p>Usage: {@code dataset.skipped().forEach(p -> System.out.println(p.file() + ": " + p.reason()));}
 *
 * @param file   the offending file (absolute)
 * @param reason what is wrong and what was expected, e.g. {@code empty file (0 bytes); expected a JPEG or PNG image}
 */
public record DataProblem(@JsonSerialize(using = ToStringSerializer.class) Path file, String reason) {

    public DataProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(reason, "reason");
    }

    /** The file and reason of a core decoder failure, for lenient mode's list and the data check report. */
    public static DataProblem of(BadImageException e) {
        return new DataProblem(e.file(), e.reason());
    }

    @Override
    public String toString() {
        return file + ": " + reason;
    }
}
