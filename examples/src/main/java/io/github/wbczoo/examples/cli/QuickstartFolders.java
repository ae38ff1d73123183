package io.github.wbczoo.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where {@code ./wbc quickstart} writes when no {@code --out} is given: {@code runs/quickstart},
 * or the first of {@code runs/quickstart-2}, {@code -3}, ... that holds no earlier run, so
 * running the main job again keeps the earlier run's model and report.
 *
 * <p>Usage: {@code Path out = QuickstartFolders.fresh(Path.of("runs/quickstart"));}
 */
public final class QuickstartFolders {
    private QuickstartFolders() {
    }

    /** {@code base}, or its first numbered sibling without a run in it (finished, stopped, or still running). */
    public static Path fresh(Path base) {
        Path candidate = base;
        for (int n = 2; holdsRun(candidate); n++) {
            candidate = base.resolveSibling(base.getFileName() + "-" + n);
        }
        return candidate;
    }

    private static boolean holdsRun(Path folder) {
        return Files.exists(folder.resolve(RunFolder.BEST_MODEL)) || Files.exists(folder.resolve(RunFolder.LAST_EPOCH))
                || Files.exists(folder.resolve("report")) || Files.exists(folder.resolve(io.github.wbczoo.core.OutputLock.FILE_NAME));
    }
}
