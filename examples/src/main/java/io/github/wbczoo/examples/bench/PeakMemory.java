package io.github.wbczoo.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak memory of this process (heap and off-heap together), as Linux reports it: the peak
 * resident set size {@code VmHWM}, which can be reset between measurements by writing 5 to
 * {@code /proc/self/clear_refs}. ND4J keeps tensors off-heap, so heap figures alone would
 * understate it. Returns -1 where /proc is not available.
 *
 * <p>Usage: {@code PeakMemory.reset(); work(); long mb = PeakMemory.peakMb();}
 */
public final class PeakMemory {
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
    private static final Path STATUS = Path.of("/proc/self/status");

    private PeakMemory() {
    }

    /** Starts a new peak from the current resident size. */
    public static boolean reset() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** Peak resident set size in MB since the last reset (or process start). */
    public static long peakMb() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return -1;
    }
}
