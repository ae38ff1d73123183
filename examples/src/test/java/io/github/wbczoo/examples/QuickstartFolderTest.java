package io.github.wbczoo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wbczoo.examples.cli.QuickstartFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Running the main job again never touches the earlier run: without {@code --out} it goes to the
 * next free {@code runs/quickstart-N}; an explicit {@code --out} that holds a model is refused
 * (CliBadInputTest checks that message).
 */
class QuickstartFolderTest {
    @TempDir
    Path dir;

    @Test
    void aRerunGoesToTheNextFreeFolderAndLeavesTheEarlierOneAlone() throws Exception {
        Path base = dir.resolve("runs/quickstart");
        assertThat(QuickstartFolders.fresh(base)).isEqualTo(base);

        Files.createDirectories(base.resolve("report"));
        Files.writeString(base.resolve("model.wbc"), "first run");
        Files.writeString(base.resolve("report/report.html"), "first report");
        assertThat(QuickstartFolders.fresh(base)).isEqualTo(dir.resolve("runs/quickstart-2"));

        Files.createDirectories(dir.resolve("runs/quickstart-2/report")); // a second run that was stopped after its report
        assertThat(QuickstartFolders.fresh(base)).isEqualTo(dir.resolve("runs/quickstart-3"));
        assertThat(Files.readString(base.resolve("model.wbc"))).isEqualTo("first run");
        assertThat(Files.readString(base.resolve("report/report.html"))).isEqualTo("first report");
    }
}
