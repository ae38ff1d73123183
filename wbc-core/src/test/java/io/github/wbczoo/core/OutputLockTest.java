package io.github.wbczoo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondRunIsRefusedWithTheHoldersPidUntilTheFirstReleases() throws Exception {
        String pid = Long.toString(ProcessHandle.current().pid());
        try (OutputLock first = OutputLock.acquire(dir)) {
            assertThat(Files.readString(dir.resolve(OutputLock.FILE_NAME))).startsWith("pid " + pid + ", started ");
            assertThat(first.tookOverStaleLock()).isFalse();
            assertThatThrownBy(() -> OutputLock.acquire(dir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith(dir.toAbsolutePath() + " is in use by another wbc run (pid " + pid + ", started ")
                    .hasMessageEndingWith("); wait for it to finish or choose another output folder");
            assertThatThrownBy(() -> OutputLock.requireFree(dir)).hasMessageContaining("is in use by another wbc run (pid " + pid);
        }
        assertThat(dir.resolve(OutputLock.FILE_NAME)).doesNotExist();
        OutputLock.requireFree(dir);
        try (OutputLock again = OutputLock.acquire(dir)) {
            assertThat(again.folder()).isEqualTo(dir.toAbsolutePath());
        }
    }

    @Test
    void aLockFileLeftByADeadProcessIsStaleAndTakenOver() throws Exception {
        // What a killed run leaves: the file, but no live process holding the OS lock on it.
        Files.writeString(dir.resolve(OutputLock.FILE_NAME), "pid 999999, started 2026-01-01T00:00:00Z\n");
        OutputLock.requireFree(dir);
        try (OutputLock lock = OutputLock.acquire(dir)) {
            assertThat(lock.tookOverStaleLock()).isTrue();
            assertThat(Files.readString(dir.resolve(OutputLock.FILE_NAME))).startsWith("pid " + ProcessHandle.current().pid());
        }
    }

    @Test
    void aRunInAnotherProcessIsSeenAndItsLockGoesWhenItDies() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-cp", classPath, Holder.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream()));
            assertThat(out.readLine()).isEqualTo("locked");
            assertThatThrownBy(() -> OutputLock.acquire(dir))
                    .hasMessageContaining("is in use by another wbc run (pid " + holder.pid() + ", started ");
            assertThatThrownBy(() -> OutputLock.requireFree(dir)).hasMessageContaining("pid " + holder.pid());
        } finally {
            holder.destroyForcibly(); // SIGKILL: no chance to clean up, as in a crash
            holder.waitFor();
        }
        assertThat(dir.resolve(OutputLock.FILE_NAME)).exists();
        try (OutputLock lock = OutputLock.acquire(dir)) {
            assertThat(lock.tookOverStaleLock()).isTrue();
        }
    }

    @Test
    void aRefusedSecondAttemptInThisProcessKeepsTheLockAgainstOtherProcesses() throws Exception {
        try (OutputLock first = OutputLock.acquire(dir)) {
            assertThatThrownBy(() -> OutputLock.acquire(dir)).hasMessageContaining("is in use by another wbc run");
            assertThatThrownBy(() -> OutputLock.requireFree(dir)).hasMessageContaining("is in use by another wbc run");
            // POSIX locks die with any closed handle of the process: another process must still see it held.
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process checker = new ProcessBuilder(java, "-cp", classPath, Checker.class.getName(), dir.toString())
                    .redirectErrorStream(true).start();
            assertThat(checker.waitFor()).as(new String(checker.getInputStream().readAllBytes())).isEqualTo(3);
        }
    }

    /** Exits 3 when the folder is held by another process, 0 when it is free. */
    public static final class Checker {
        public static void main(String[] args) {
            try {
                OutputLock.requireFree(Path.of(args[0]));
                System.exit(0);
            } catch (IllegalStateException held) {
                System.exit(3);
            }
        }
    }

    /** Holds the lock on a folder until killed. */
    public static final class Holder {
        public static void main(String[] args) throws InterruptedException {
            OutputLock lock = OutputLock.acquire(Path.of(args[0]));
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(60_000);
            lock.close();
        }
    }
}
