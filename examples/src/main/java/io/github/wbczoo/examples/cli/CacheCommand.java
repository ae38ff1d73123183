package io.github.wbczoo.examples.cli;

import io.github.wbczoo.core.Json;
import io.github.wbczoo.data.DiskCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./wbc cache ...}: where the disk cache of decoded, resized images is, how big it is, and
 * deleting it. Only the cache's own files are ever counted or deleted ({@link DiskCache#clear()}).
 *
 * <p>Usage: {@code ./wbc cache info} or {@code ./wbc cache clear}
 */
@Command(name = "cache", mixinStandardHelpOptions = true,
        description = "The disk cache of decoded, resized images: info (where it is, its size), clear (delete it).",
        footer = {"", CacheCommand.WHERE_FOOTER},
        subcommands = {CacheCommand.Info.class, CacheCommand.Clear.class})
public final class CacheCommand implements Runnable {
    /**
     * Where the cache is and how to move it; the footer of {@code ./wbc cache --help} and
     * {@code ./wbc data --help}. Short lines joined by picocli's {@code %n}, so "./wbc" is never split.
     */
    static final String WHERE_FOOTER = "Image cache: images are decoded once and kept, resized, on disk, so later"
            + "%n  runs skip decoding (180 MB per input size at 80x60, 2.9 GB at 320x240)."
            + "%n  Where: -Dwbc.cache.dir, else $WBC_CACHE_DIR, else $XDG_CACHE_HOME/wbc-zoo,"
            + "%n  else ~/.cache/wbc-zoo. The value 'off' disables it; it is off when CI=true."
            + "%n  Move it: mv ~/.cache/wbc-zoo /big/disk/"
            + "%n           export WBC_CACHE_DIR=/big/disk/wbc-zoo   (in your shell profile)"
            + "%n  Size:    ./wbc cache info        Delete: ./wbc cache clear";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing cache command: try ./wbc cache info");
    }

    /** The {@code --dir} option of the cache commands. */
    static final class CacheDir {
        @Option(names = "--dir", paramLabel = "DIR",
                description = "The cache folder (default: the one the other commands use; see ./wbc cache --help).")
        Path dir;

        /** {@code --dir}, else the default location (which may be off). */
        DiskCache.Location location() {
            return dir != null ? new DiskCache.Location(Optional.of(dir), "--dir") : DiskCache.defaultLocation();
        }
    }

    /**
     * What {@code ./wbc cache info --json} prints.
     *
     * <p>Usage: {@code System.out.println(Json.write(new CacheInfo("/c", "--dir", true, 2, 100)));}
     *
     * @param dir     the cache folder, or null when the cache is off
     * @param source  which setting chose it (or switched it off)
     * @param enabled whether a cache is in use
     * @param files   cache files
     * @param bytes   their size
     */
    public record CacheInfo(String dir, String source, boolean enabled, long files, long bytes) {
    }

    /** {@code ./wbc cache info}. */
    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Print where the image cache is, which setting chose it, its size on disk and its number of files.")
    static final class Info implements Callable<Integer> {
        @CommandLine.Mixin
        CacheDir cacheDir;

        @Option(names = "--json", description = "Print JSON: {\"dir\": ..., \"source\": ..., \"enabled\": true,"
                + " \"files\": 12515, \"bytes\": 180225000}.")
        boolean json;

        @Override
        public Integer call() {
            DiskCache.Location where = cacheDir.location();
            DiskCache.Usage usage = where.dir().map(d -> new DiskCache(d).usage()).orElse(new DiskCache.Usage(0, 0));
            if (json) {
                System.out.println(Json.write(new CacheInfo(where.dir().map(Path::toString).orElse(null), where.source(),
                        where.dir().isPresent(), usage.files(), usage.bytes())));
                return WbcCli.EXIT_OK;
            }
            System.out.println("image cache:  " + where.describe());
            if (where.dir().isPresent()) {
                boolean exists = Files.isDirectory(where.dir().get());
                System.out.println("size on disk: " + usage.describeBytes() + " in " + usage.files() + " files"
                        + (exists ? "" : " (the folder does not exist yet)"));
                System.out.println("move it:      mv " + where.dir().get() + " NEWDIR && export WBC_CACHE_DIR=NEWDIR;"
                        + " delete it: ./wbc cache clear");
            }
            return WbcCli.EXIT_OK;
        }
    }

    /** {@code ./wbc cache clear}. */
    @Command(name = "clear", mixinStandardHelpOptions = true,
            description = "Delete the image cache's files (only those: anything else in the folder stays) and print"
                    + " what was freed. Later runs decode the images again.")
    static final class Clear implements Callable<Integer> {
        @CommandLine.Mixin
        CacheDir cacheDir;

        @Override
        public Integer call() {
            DiskCache.Location where = cacheDir.location();
            if (where.dir().isEmpty()) {
                System.out.println("The image cache is " + where.describe() + ": nothing to clear (use --dir DIR for"
                        + " another folder).");
                return WbcCli.EXIT_OK;
            }
            DiskCache.Usage freed = new DiskCache(where.dir().get()).clear();
            System.out.println("Cleared the image cache at " + where.dir().get() + ": freed " + freed.describeBytes()
                    + " in " + freed.files() + " files.");
            return WbcCli.EXIT_OK;
        }
    }
}
