package io.github.wbczoo.examples.cli;

import io.github.wbczoo.data.CellImageDataset;
import io.github.wbczoo.data.DataLocator;
import io.github.wbczoo.data.DataProblem;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * The options every command that reads images shares (BCCD, class folders or a manifest): {@code --data DIR} (where the data is looked
 * for when it is not given, and the download hint when it is nowhere, are {@link DataLocator}'s)
 * and {@code --skip-bad-images} (the dataset's lenient mode). A command that skips images tells
 * the user which at the end with {@link #reportSkipped(PrintStream)}.
 *
 * <p>Usage: {@code @Mixin DataOption data; ... CellImageDataset ds = data.open(); ...; data.reportSkipped(System.out);}
 */
public final class DataOption {
    /** Files named one by one in {@link #skippedSummary()}; the rest are counted. */
    static final int NAMED_SKIPS = 5;

    @Option(names = "--data", paramLabel = "DIR|CSV",
            description = "The images: BCCD (the folder holding dataset2-master, dataset2-master itself, or its images"
                    + " folder), your own class folders DIR/CLASS/* or split folders DIR/SPLIT/CLASS/* (a 'train' split),"
                    + " or a CSV manifest path,label[,group][,split] (default: $WBC_DATA, then ../shared/bccd).")
    String data;

    @Option(names = "--skip-bad-images",
            description = "Leave out files that cannot be used (empty, truncated or unreadable images, stray files)"
                    + " instead of stopping at the first; they are listed when the command ends.")
    boolean skipBadImages;

    /** Datasets opened through this option, whose skipped files {@link #reportSkipped} lists. */
    private final List<CellImageDataset> opened = new ArrayList<>();

    /** The dataset folder to use. */
    public Path resolve() {
        return DataLocator.locate(data);
    }

    /** Whether {@code --skip-bad-images} was given. */
    public boolean skipBadImages() {
        return skipBadImages;
    }

    /**
     * Opens the dataset (layout checked, counts taken, no image decoded). Strict unless
     * {@code --skip-bad-images}: then a stray, empty or unreadable file fails here, naming the
     * file and the option, and a corrupt image fails when first decoded.
     */
    public CellImageDataset open() {
        return open(builder());
    }

    /**
     * A dataset builder for the folder and strictness given, for commands that set caches
     * themselves; open it with {@link #open(CellImageDataset.Builder)} so its skips are reported.
     */
    public CellImageDataset.Builder builder() {
        return CellImageDataset.detect(resolve()).lenient(skipBadImages);
    }

    /** Opens {@code builder} and remembers the dataset for {@link #reportSkipped}. */
    public CellImageDataset open(CellImageDataset.Builder builder) {
        CellImageDataset d = builder.open();
        opened.add(d);
        return d;
    }

    /** Every file skipped so far by the datasets opened here, each once, in the order met. */
    public List<DataProblem> skipped() {
        Map<Path, DataProblem> byFile = new LinkedHashMap<>();
        opened.forEach(d -> d.skipped().forEach(p -> byFile.putIfAbsent(p.file(), p)));
        return List.copyOf(byFile.values());
    }

    /**
     * {@code Skipped 3 unreadable images: /x/a.jpeg (empty file (0 bytes); ...), ...} naming the
     * first {@value #NAMED_SKIPS} and counting the rest, or empty when nothing was skipped.
     */
    public Optional<String> skippedSummary() {
        return summary(skipped());
    }

    /**
     * Prints {@link #skippedSummary()} as one line when anything was skipped; call it when the
     * command's work is done (images are skipped as they are decoded). Returns the number skipped.
     */
    public int reportSkipped(PrintStream out) {
        List<DataProblem> skipped = skipped();
        summary(skipped).ifPresent(line -> {
            out.println(line);
            out.flush();
        });
        return skipped.size();
    }

    static Optional<String> summary(List<DataProblem> skipped) {
        if (skipped.isEmpty()) {
            return Optional.empty();
        }
        String named = skipped.stream().limit(NAMED_SKIPS).map(p -> p.file() + " (" + p.reason() + ")")
                .collect(Collectors.joining(", "));
        int more = skipped.size() - NAMED_SKIPS;
        return Optional.of("Skipped " + skipped.size() + " unreadable " + (skipped.size() == 1 ? "image" : "images")
                + ": " + named + (more > 0 ? " and " + more + " more (./wbc data check lists them all)" : ""));
    }
}
