package io.github.wbczoo.data;

import io.github.wbczoo.core.ImageDecoder;
import io.github.wbczoo.core.WbcClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds and checks the {@code dataset2-master/images/SPLIT/CLASS/*.jpeg} layout and lists its
 * images, failing with a message that names the path and what was expected. Hidden files
 * ({@code .DS_Store}, ...) are ignored. Stray files (not images, or outside the class folders)
 * and image files that are visibly unusable (empty or unreadable) are problems that strict mode
 * reports at once, before any decoding. Lenient mode skips stray files, but keeps the unusable
 * images in the listing: like a truncated JPEG, they are then reported as corrupt by the data
 * check and skipped (and recorded) when decoded.
 *
 * <p>Usage: {@code Scan s = BccdLayout.scan(BccdLayout.findImagesDir(dir), false, BccdLayout.FILES);}
 */
final class BccdLayout {
    static final String EXPECTED_LAYOUT = "expected the folder that contains dataset2-master/images/"
            + "{TRAIN,TEST,TEST_SIMPLE}/{EOSINOPHIL,LYMPHOCYTE,MONOCYTE,NEUTROPHIL}/*.jpeg, or dataset2-master itself,"
            + " or its images folder";
    private static final String SPLITS = "TRAIN, TEST and TEST_SIMPLE";
    private static final String CLASSES = "EOSINOPHIL, LYMPHOCYTE, MONOCYTE and NEUTROPHIL";

    /** Lists a folder's entries; a seam so tests can simulate folders that cannot be read. */
    @FunctionalInterface
    interface Lister {
        List<Path> list(Path dir) throws IOException;
    }

    /** The real file system, entries sorted by name. */
    static final Lister FILES = dir -> {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    };

    /**
     * The images of each split folder (unusable images included), the stray files lenient mode
     * skips, and the listed images already known to be unusable (empty, unreadable).
     */
    record Scan(Path imagesDir, Map<Split, List<LabeledImage>> images, List<DataProblem> skipped,
                List<DataProblem> badImages) {
    }

    private BccdLayout() {
    }

    /** The {@code images} folder for a dataset root, {@code dataset2-master} or {@code images} path. */
    static Path findImagesDir(Path given, Lister lister) {
        Path p = given.toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("No BCCD dataset at " + p + ": the folder does not exist; " + EXPECTED_LAYOUT);
        }
        if (!Files.isDirectory(p)) {
            throw new IllegalArgumentException("No BCCD dataset at " + p + ": it is a file, not a folder; " + EXPECTED_LAYOUT);
        }
        for (Path candidate : List.of(p.resolve("dataset2-master").resolve("images"), p.resolve("images"), p)) {
            if (Files.isDirectory(candidate) && Arrays.stream(Split.values())
                    .anyMatch(s -> Files.isDirectory(candidate.resolve(s.folderName())))) {
                return candidate;
            }
        }
        List<String> found = visibleNames(p, lister);
        throw new IllegalArgumentException("No BCCD layout in " + p + ": " + EXPECTED_LAYOUT + " (found: "
                + (found.isEmpty() ? "nothing" : String.join(", ", found)) + ")"
                + caseHint(found, Arrays.stream(Split.values()).map(Split::folderName).toList()));
    }

    /** Checks the layout below {@code imagesDir} and lists every image file. */
    static Scan scan(Path imagesDir, boolean lenient, Lister lister) {
        List<DataProblem> problems = new ArrayList<>();
        List<String> topNames = visibleNames(imagesDir, lister);
        Set<String> splitNames = Arrays.stream(Split.values()).map(Split::folderName).collect(Collectors.toSet());
        for (Split s : Split.values()) {
            if (!Files.isDirectory(imagesDir.resolve(s.folderName()))) {
                throw new IllegalArgumentException("Missing split folder " + imagesDir.resolve(s.folderName()) + ": expected "
                        + SPLITS + " in " + imagesDir + " (found: " + String.join(", ", topNames) + ")"
                        + caseHint(topNames, List.of(s.folderName())));
            }
        }
        for (String name : topNames) {
            Path entry = imagesDir.resolve(name);
            if (!splitNames.contains(name)) {
                if (Files.isDirectory(entry)) {
                    throw new IllegalArgumentException("Unexpected folder " + entry + ": expected only " + SPLITS + " in "
                            + imagesDir);
                }
                problems.add(new DataProblem(entry, "a file outside the split folders; expected only " + SPLITS
                        + " folders here"));
            }
        }
        Map<Split, List<LabeledImage>> images = new EnumMap<>(Split.class);
        List<DataProblem> badImages = new ArrayList<>();
        for (Split s : Split.values()) {
            images.put(s, scanSplit(imagesDir.resolve(s.folderName()), s, lister, problems, badImages));
        }
        if (!lenient && !problems.isEmpty()) {
            // Fails here, in about 0.1 s, rather than when training first decodes the file.
            DataProblem first = problems.get(0);
            throw new IllegalArgumentException(first.file() + ": " + first.reason()
                    + (problems.size() > 1 ? " (" + problems.size() + " problem files in all; ./wbc data check lists"
                    + " them)" : "") + "; " + BccdDataset.SKIP_HINT);
        }
        Set<Path> listed = badImages.stream().map(DataProblem::file).collect(Collectors.toSet());
        List<DataProblem> stray = problems.stream().filter(p -> !listed.contains(p.file())).toList();
        return new Scan(imagesDir, images, stray, List.copyOf(badImages));
    }

    /**
     * Lists a split's images into the result and records problems in {@code problems} (all, in
     * the order found); listed images known to be unusable are also added to {@code badImages}.
     */
    private static List<LabeledImage> scanSplit(Path splitDir, Split split, Lister lister, List<DataProblem> problems,
                                                List<DataProblem> badImages) {
        List<String> names = visibleNames(splitDir, lister);
        Set<String> classNames = Set.copyOf(WbcClass.names());
        for (String name : names) {
            Path entry = splitDir.resolve(name);
            if (!classNames.contains(name)) {
                if (Files.isDirectory(entry)) {
                    throw new IllegalArgumentException("Unknown class folder " + entry + ": expected only " + CLASSES
                            + " in " + splitDir + caseHint(List.of(name), WbcClass.names()));
                }
                problems.add(new DataProblem(entry, "a file outside the class folders; expected images inside "
                        + CLASSES));
            }
        }
        List<LabeledImage> out = new ArrayList<>();
        for (WbcClass c : WbcClass.values()) {
            Path classDir = splitDir.resolve(c.name());
            if (!Files.isDirectory(classDir)) {
                throw new IllegalArgumentException("Missing class folder " + classDir + ": expected " + CLASSES + " in "
                        + splitDir + " (found: " + String.join(", ", names) + ")");
            }
            int before = out.size();
            int problemsBefore = problems.size();
            int badBefore = badImages.size();
            for (String name : visibleNames(classDir, lister)) {
                Path file = classDir.resolve(name);
                BasicFileAttributes attrs;
                IOException unreadable = null;
                try {
                    attrs = Files.readAttributes(file, BasicFileAttributes.class);
                } catch (IOException e) {
                    attrs = null; // a broken link or a vanished file: an unusable image if its name says image
                    unreadable = e;
                }
                String stray = strayProblem(file, attrs);
                if (stray != null) {
                    problems.add(new DataProblem(file, stray));
                    continue;
                }
                out.add(new LabeledImage(file, c, split));
                String bad = imageProblem(file, attrs, unreadable);
                if (bad != null) {
                    DataProblem p = new DataProblem(file, bad);
                    problems.add(p);
                    badImages.add(p);
                }
            }
            if (out.size() - before == badImages.size() - badBefore) {
                int skipped = problems.size() - problemsBefore;
                throw new IllegalArgumentException("Empty class folder " + classDir + ": expected .jpeg images of " + c
                        + " cells" + (skipped > 0 ? " (it holds " + skipped + " unusable files, e.g. "
                        + problems.get(problemsBefore).file().getFileName() + ": " + problems.get(problemsBefore).reason()
                        + ")" : ""));
            }
        }
        return out;
    }

    /** Why a class folder entry is not an image file at all (skipped leniently), or null when it is one. */
    private static String strayProblem(Path file, BasicFileAttributes attrs) {
        if (attrs != null && attrs.isDirectory()) {
            return "a folder inside a class folder; expected only image files";
        }
        if (!ImageDecoder.hasImageExtension(file)) {
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            return "not an image file (" + (dot < 0 ? "no extension" : "extension " + name.substring(dot)) + ");"
                    + " expected .jpeg, .jpg, .png or .bmp files";
        }
        return null;
    }

    /**
     * Why an image file is visibly unusable without decoding it, or null when it may be fine. An
     * empty file gets the decoder's own reason, so the data check reports it the same either way.
     */
    private static String imageProblem(Path file, BasicFileAttributes attrs, IOException unreadable) {
        if (attrs == null) {
            return "cannot be read (" + ImageDecoder.describe(unreadable) + "); check that it exists and is readable";
        }
        if (attrs.size() == 0) {
            return "empty file (0 bytes); expected a JPEG or PNG image";
        }
        if (!Files.isReadable(file)) {
            return "cannot be read (permission denied); check its permissions";
        }
        return null;
    }

    /** Entry names of a folder, hidden ones left out. */
    private static List<String> visibleNames(Path dir, Lister lister) {
        try {
            return lister.list(dir).stream().map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read folder " + dir + " (" + ImageDecoder.describe(e)
                    + "): check that it exists and that you may read it", e);
        }
    }

    /** " (folder names are case-sensitive: found 'train', expected 'TRAIN')" when that is the likely mistake. */
    private static String caseHint(List<String> found, List<String> expected) {
        for (String f : found) {
            for (String e : expected) {
                if (!f.equals(e) && f.toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_').equals(e)) {
                    return " (folder names are case-sensitive: found '" + f + "', expected '" + e + "')";
                }
            }
        }
        return "";
    }
}
