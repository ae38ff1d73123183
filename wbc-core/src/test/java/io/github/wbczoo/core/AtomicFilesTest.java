package io.github.wbczoo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void crashMidWriteLeavesThePreviousContentAndNoTempFile() throws IOException {
        Path target = dir.resolve("report.json");
        AtomicFiles.writeString(target, "{\"good\": true}");

        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write("{\"half".getBytes());
            throw new IOException("disk full");
        })).isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("Cannot write " + target.toAbsolutePath() + ": IOException (disk full)");

        assertThat(Files.readString(target)).isEqualTo("{\"good\": true}");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void createsMissingFolders() throws IOException {
        Path target = dir.resolve("a/b/c.txt");
        AtomicFiles.writeString(target, "x");
        assertThat(Files.readString(target)).isEqualTo("x");
    }
}
