package io.github.wbczoo.data;

import io.github.wbczoo.core.ImageDecoder;
import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ClassSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
                List<DataProblem> badImages, ClassSet classes) {
    }

    /** The layouts {@link #scanFolders} takes, for its messages. */
    static final String FOLDER_LAYOUTS = "expected class folders ROOT/CLASS/*.png|jpg|tif|bmp, split folders"
            + " ROOT/SPLIT/CLASS/* with a 'train' split, or BCCD's dataset2-master";

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
            if (Files.isDirectory(candidate) && Split.bccd().stream()
                    .anyMatch(s -> Files.isDirectory(candidate.resolve(s.folderName())))) {
                return candidate;
            }
        }
        List<String> found = visibleNames(p, lister);
        throw new IllegalArgumentException("No BCCD layout in " + p + ": " + EXPECTED_LAYOUT + " (found: "
                + (found.isEmpty() ? "nothing" : String.join(", ", found)) + ")"
                + caseHint(found, Split.bccd().stream().map(Split::folderName).toList()));
    }

    /** Checks the layout below {@code imagesDir} and lists every image file. */
    static Scan scan(Path imagesDir, boolean lenient, Lister lister) {
        List<DataProblem> problems = new ArrayList<>();
        List<String> topNames = visibleNames(imagesDir, lister);
        Set<String> splitNames = Split.bccd().stream().map(Split::folderName).collect(Collectors.toSet());
        for (Split s : Split.bccd()) {
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
        Map<Split, List<LabeledImage>> images = new LinkedHashMap<>();
        List<DataProblem> badImages = new ArrayList<>();
        for (Split s : Split.bccd()) {
            images.put(s, scanSplit(imagesDir.resolve(s.folderName()), s, ClassSet.BCCD, lister, problems, badImages));
        }
        return checked(imagesDir, images, ClassSet.BCCD, problems, badImages, lenient);
    }

    /** Fails in strict mode on the first problem; else the scan with its stray files and known-bad images. */
    private static Scan checked(Path imagesDir, Map<Split, List<LabeledImage>> images, ClassSet classes,
                                List<DataProblem> problems, List<DataProblem> badImages, boolean lenient) {
        if (!lenient && !problems.isEmpty()) {
            // Fails here, in about 0.1 s, rather than when training first decodes the file.
            DataProblem first = problems.get(0);
            throw new IllegalArgumentException(first.file() + ": " + first.reason()
                    + (problems.size() > 1 ? " (" + problems.size() + " problem files in all; ./wbc data check lists"
                    + " them)" : "") + "; " + CellImageDataset.SKIP_HINT);
        }
        Set<Path> listed = badImages.stream().map(DataProblem::file).collect(Collectors.toSet());
        List<DataProblem> stray = problems.stream().filter(p -> !listed.contains(p.file())).toList();
        return new Scan(imagesDir, images, stray, List.copyOf(badImages), classes);
    }

    /**
     * Lists a split's images into the result and records problems in {@code problems} (all, in
     * the order found); listed images known to be unusable are also added to {@code badImages}.
     */
    private static List<LabeledImage> scanSplit(Path splitDir, Split split, ClassSet classes, Lister lister,
                                                List<DataProblem> problems, List<DataProblem> badImages) {
        return scanSplit(splitDir, split, classes, lister, problems, badImages, true);
    }

    /**
     * As above; {@code everyClass} false lets a held-out split lack a class folder (a lab's test set
     * need not have every class), while a present class folder must still hold images.
     */
    private static List<LabeledImage> scanSplit(Path splitDir, Split split, ClassSet classes, Lister lister,
                                                List<DataProblem> problems, List<DataProblem> badImages, boolean everyClass) {
        List<String> names = visibleNames(splitDir, lister);
        String expectedClasses = classes.equals(ClassSet.BCCD) ? CLASSES : String.join(", ", classes.names());
        Set<String> classNames = Set.copyOf(classes.names());
        for (String name : names) {
            Path entry = splitDir.resolve(name);
            if (!classNames.contains(name)) {
                if (Files.isDirectory(entry)) {
                    throw new IllegalArgumentException("Unknown class folder " + entry + ": expected only " + expectedClasses
                            + " in " + splitDir + caseHint(List.of(name), classes.names()));
                }
                problems.add(new DataProblem(entry, "a file outside the class folders; expected images inside "
                        + expectedClasses));
            }
        }
        List<LabeledImage> out = new ArrayList<>();
        for (CellClass c : classes.classes()) {
            Path classDir = splitDir.resolve(c.name());
            if (!Files.isDirectory(classDir)) {
                if (!everyClass) {
                    continue;
                }
                throw new IllegalArgumentException("Missing class folder " + classDir + ": expected " + expectedClasses + " in "
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
                throw new IllegalArgumentException("Empty class folder " + classDir + ": expected images of " + c
                        + " cells" + (skipped > 0 ? " (it holds " + skipped + " unusable files, e.g. "
                        + problems.get(problemsBefore).file().getFileName() + ": " + problems.get(problemsBefore).reason()
                        + ")" : ""));
            }
        }
        return out;
    }

    /**
     * Any lab's class folders: {@code ROOT/CLASS/*} (one pool, training and validation are drawn
     * from it) or {@code ROOT/SPLIT/CLASS/*} with any split names ({@code train} is the training
     * split; the others are held out). Classes are the class folder names, sorted.
     */
    static Scan scanFolders(Path root, boolean lenient, Lister lister) {
        Path p = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) {
            throw new IllegalArgumentException("No image folders at " + p + ": " + (Files.exists(p) ? "it is a file" : "the folder"
                    + " does not exist") + "; " + FOLDER_LAYOUTS);
        }
        List<String> top = visibleNames(p, lister);
        List<String> dirs = top.stream().filter(n -> Files.isDirectory(p.resolve(n))).toList();
        List<String> imagesHere = top.stream().filter(n -> ImageDecoder.hasImageExtension(p.resolve(n))).toList();
        if (dirs.isEmpty()) {
            throw new IllegalArgumentException("No class folders in " + p + (imagesHere.isEmpty() ? "" : " (it holds "
                    + imagesHere.size() + " images directly, e.g. " + imagesHere.get(0) + ")") + ": " + FOLDER_LAYOUTS);
        }
        // split layout when the first-level folders hold folders (classes) and no images
        boolean splitLayout = dirs.stream().allMatch(d -> {
            List<String> inner = visibleNames(p.resolve(d), lister);
            return !inner.isEmpty() && inner.stream().allMatch(n -> Files.isDirectory(p.resolve(d).resolve(n)));
        });
        List<DataProblem> problems = new ArrayList<>();
        List<DataProblem> badImages = new ArrayList<>();
        Map<Split, List<LabeledImage>> images = new LinkedHashMap<>();
        for (String n : top) {
            if (!dirs.contains(n)) {
                problems.add(new DataProblem(p.resolve(n), "a file outside the " + (splitLayout ? "split" : "class")
                        + " folders; " + FOLDER_LAYOUTS));
            }
        }
        ClassSet classes;
        if (!splitLayout) {
            classes = ClassSet.of(dirs.stream().sorted().toList());
            images.put(Split.TRAIN, scanSplit(p, Split.TRAIN, classes, lister, problems, badImages));
        } else {
            java.util.TreeSet<String> classNames = new java.util.TreeSet<>();
            for (String d : dirs) {
                classNames.addAll(visibleNames(p.resolve(d), lister));
            }
            if (classNames.size() < 2) {
                throw new IllegalArgumentException("Only one class folder (" + classNames + ") below the splits of " + p
                        + ": a classifier needs at least two; " + FOLDER_LAYOUTS);
            }
            classes = ClassSet.of(List.copyOf(classNames));
            Map<Split, String> folderOf = new LinkedHashMap<>();
            for (String d : dirs) {
                Split s = Split.named(d);
                if (folderOf.containsKey(s)) {
                    throw new IllegalArgumentException("Two split folders in " + p + " name the same split " + s + ": "
                            + folderOf.get(s) + " and " + d + "; rename one");
                }
                folderOf.put(s, d);
            }
            if (!folderOf.containsKey(Split.TRAIN)) {
                throw new IllegalArgumentException("No training split in " + p + " (found " + String.join(", ", dirs)
                        + "): name the folder to train on 'train'");
            }
            // the training split first, then the others in name order
            images.put(Split.TRAIN, scanSplit(p.resolve(folderOf.get(Split.TRAIN)), Split.TRAIN, classes, lister, problems,
                    badImages, true));
            for (Map.Entry<Split, String> e : folderOf.entrySet()) {
                if (!e.getKey().equals(Split.TRAIN)) {
                    images.put(e.getKey(), scanSplit(p.resolve(e.getValue()), e.getKey(), classes, lister, problems, badImages,
                            false));
                }
            }
        }
        return checked(p, images, classes, problems, badImages, lenient);
    }

    /**
     * A CSV manifest: one image per row, {@code path,label[,group][,split]}, paths relative to the
     * CSV's folder; an optional header row names the columns (any order; {@code path} and
     * {@code label} required). Classes are the labels, sorted; rows without a split are TRAIN.
     * A row pointing nowhere, a path listed twice or a bad row fails naming its row (strict mode;
     * lenient mode skips missing files).
     */
    static Scan scanManifest(Path csv, boolean lenient) {
        Path file = csv.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No manifest at " + file + ": " + (Files.exists(file) ? "it is a folder" : "the file"
                    + " does not exist") + "; expected a CSV with rows path,label[,group][,split]");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read manifest " + file + " (" + ImageDecoder.describe(e) + ")", e);
        }
        int pathCol = 0;
        int labelCol = 1;
        int groupCol = 2;
        int splitCol = 3;
        int first = 0;
        if (!lines.isEmpty() && lines.get(0).split(",", -1)[0].strip().equalsIgnoreCase("path")) {
            List<String> header = java.util.Arrays.stream(lines.get(0).split(",", -1)).map(h -> h.strip().toLowerCase(Locale.ROOT))
                    .toList();
            pathCol = header.indexOf("path");
            labelCol = header.indexOf("label");
            groupCol = header.indexOf("group");
            splitCol = header.indexOf("split");
            if (labelCol < 0) {
                throw new IllegalArgumentException(file + " row 1: the header " + lines.get(0) + " has no 'label' column");
            }
            first = 1;
        }
        record Row(int number, Path file, String label, String group, String split) {
        }
        List<Row> rows = new ArrayList<>();
        Map<Path, Integer> seen = new java.util.HashMap<>();
        List<DataProblem> problems = new ArrayList<>();
        for (int i = first; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            int n = i + 1;
            if (f.length <= Math.max(pathCol, labelCol) || f[pathCol].isBlank() || f[labelCol].isBlank()) {
                throw new IllegalArgumentException(file + " row " + n + ": '" + line + "' needs a path and a label"
                        + " (path,label[,group][,split]; paths with commas are not supported)");
            }
            Path image = file.getParent().resolve(f[pathCol].strip()).normalize();
            Integer earlier = seen.putIfAbsent(image, n);
            if (earlier != null) {
                throw new IllegalArgumentException(file + " row " + n + " lists " + f[pathCol].strip() + " again (first at row "
                        + earlier + "): list each image once");
            }
            if (!Files.isRegularFile(image)) {
                DataProblem p = new DataProblem(image, "listed in " + file.getFileName() + " row " + n + " but there is no such"
                        + " file; fix the path (relative to the CSV's folder) or remove the row");
                if (!lenient) {
                    throw new IllegalArgumentException(p.file() + ": " + p.reason());
                }
                problems.add(p);
                continue;
            }
            String group = groupCol >= 0 && groupCol < f.length && !f[groupCol].isBlank() ? f[groupCol].strip() : null;
            String split = splitCol >= 0 && splitCol < f.length && !f[splitCol].isBlank() ? f[splitCol].strip() : "train";
            rows.add(new Row(n, image, f[labelCol].strip(), group, split));
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + " lists no images: expected rows path,label[,group][,split]");
        }
        ClassSet classes = ClassSet.of(rows.stream().map(Row::label).distinct().sorted().toList());
        Map<Split, List<LabeledImage>> images = new LinkedHashMap<>();
        images.put(Split.TRAIN, new ArrayList<>());
        List<DataProblem> badImages = new ArrayList<>();
        for (Row r : rows) {
            Split split = Split.named(r.split());
            images.computeIfAbsent(split, k -> new ArrayList<>()).add(new LabeledImage(r.file(), classes.get(r.label()), split,
                    r.group()));
            try {
                String bad = imageProblem(r.file(), Files.readAttributes(r.file(), BasicFileAttributes.class), null);
                if (bad != null) {
                    DataProblem p = new DataProblem(r.file(), bad + " (row " + r.number() + ")");
                    problems.add(p);
                    badImages.add(p);
                }
            } catch (IOException e) {
                problems.add(new DataProblem(r.file(), "cannot be read (" + ImageDecoder.describe(e) + ")"));
            }
        }
        if (images.get(Split.TRAIN).isEmpty()) {
            throw new IllegalArgumentException(file + " has no training rows: give rows without a split, or with split 'train'");
        }
        images.replaceAll((k, v) -> v.stream().sorted(java.util.Comparator.comparing(LabeledImage::relativeName)).toList());
        return checked(file.getParent(), images, classes, problems, badImages, lenient);
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
                    + " expected .jpeg, .jpg, .png, .tif or .bmp files";
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
