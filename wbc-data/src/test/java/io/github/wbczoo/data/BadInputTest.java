package io.github.wbczoo.data;

import io.github.wbczoo.core.BccdClasses;
import io.github.wbczoo.core.CellClass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wbczoo.core.BadImageException;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.Normalization;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/** Broken folders and files: each gives a clear error naming the path, or is skipped in lenient mode. */
class BadInputTest {
    private static final String LAYOUT = "expected the folder that contains dataset2-master/images/"
            + "{TRAIN,TEST,TEST_SIMPLE}/{EOSINOPHIL,LYMPHOCYTE,MONOCYTE,NEUTROPHIL}/*.jpeg, or dataset2-master itself,"
            + " or its images folder";
    private static final DataConfig CONFIG = DataConfig.rgb(TestDatasets.H, TestDatasets.W, Normalization.raw());

    @TempDir
    Path root;
    private Path images;

    @BeforeEach
    void writeDataset() {
        TestDatasets.synthetic(root, 2, TestDatasets::colour);
        images = root.resolve("dataset2-master").resolve("images");
    }

    private Path classDir(Split s, CellClass c) {
        return TestDatasets.classDir(root, s, c);
    }

    private CellImageDataset open(boolean lenient) {
        return CellImageDataset.builder(root).lenient(lenient).memoryCache(new PixelCache(1 << 20)).noDiskCache().open();
    }

    private static byte[] realJpeg() throws IOException {
        try (Stream<Path> files = Files.list(TestDatasets.REAL.resolve("dataset2-master/images/TEST_SIMPLE/MONOCYTE"))) {
            return Files.readAllBytes(files.sorted().findFirst().orElseThrow());
        }
    }

    @Test
    void aMissingFolderOrAFileIsNamed() throws IOException {
        Path missing = root.resolve("nope");
        assertThatThrownBy(() -> BccdDataset.open(missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No BCCD dataset at " + missing + ": the folder does not exist; " + LAYOUT);
        Path file = Files.writeString(root.resolve("file.txt"), "x");
        assertThatThrownBy(() -> BccdDataset.open(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No BCCD dataset at " + file + ": it is a file, not a folder; " + LAYOUT);
    }

    @Test
    void aMisnamedDatasetFolderIsReportedWithWhatWasFound() throws IOException {
        Files.move(root.resolve("dataset2-master"), root.resolve("dataset-master"));
        assertThatThrownBy(() -> BccdDataset.open(root)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No BCCD layout in " + root + ": " + LAYOUT + " (found: dataset-master)");
    }

    @Test
    void aLowerCaseSplitFolderGetsACaseHint() throws IOException {
        Files.move(images.resolve("TRAIN"), images.resolve("train"));
        assertThatThrownBy(() -> BccdDataset.open(root)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Missing split folder " + images.resolve("TRAIN") + ": expected TRAIN, TEST and TEST_SIMPLE in "
                        + images + " (found: TEST, TEST_SIMPLE, train) (folder names are case-sensitive: found 'train',"
                        + " expected 'TRAIN')");
    }

    @Test
    void anUnknownClassFolderFails() {
        TestDatasets.writePng(images.resolve("TRAIN/BASOPHIL/a.png"), TestDatasets.solid(new int[] {1, 2, 3}));
        assertThatThrownBy(() -> BccdDataset.open(root)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown class folder " + images.resolve("TRAIN/BASOPHIL") + ": expected only EOSINOPHIL,"
                        + " LYMPHOCYTE, MONOCYTE and NEUTROPHIL in " + images.resolve("TRAIN"));
    }

    @Test
    void anUnexpectedSplitFolderFails() throws IOException {
        Files.createDirectories(images.resolve("VALIDATION"));
        assertThatThrownBy(() -> BccdDataset.open(root)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unexpected folder " + images.resolve("VALIDATION") + ": expected only TRAIN, TEST and"
                        + " TEST_SIMPLE in " + images);
    }

    @Test
    void aMissingClassFolderFails() throws IOException {
        deleteTree(classDir(Split.TEST, BccdClasses.MONOCYTE));
        assertThatThrownBy(() -> BccdDataset.open(root)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Missing class folder " + classDir(Split.TEST, BccdClasses.MONOCYTE) + ": expected EOSINOPHIL,"
                        + " LYMPHOCYTE, MONOCYTE and NEUTROPHIL in " + images.resolve("TEST")
                        + " (found: EOSINOPHIL, LYMPHOCYTE, NEUTROPHIL)");
    }

    @Test
    void anEmptyClassFailsEvenInLenientModeAndHiddenFilesDoNotCount() throws IOException {
        Path dir = classDir(Split.TEST_SIMPLE, BccdClasses.LYMPHOCYTE);
        deleteTree(dir);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(".DS_Store"), "mac");
        String expected = "Empty class folder " + dir + ": expected images of LYMPHOCYTE cells";
        assertThatThrownBy(() -> open(false)).isInstanceOf(IllegalArgumentException.class).hasMessage(expected);
        Files.write(dir.resolve("x.jpeg"), new byte[0]);
        assertThatThrownBy(() -> open(true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(expected + " (it holds 1 unusable files, e.g. x.jpeg: empty file (0 bytes); expected a JPEG"
                        + " or PNG image)");
    }

    @Test
    void emptyAndNonImageFilesFailStrictlyWhenOpenedNamingTheFixAndAreSkippedLeniently() throws IOException {
        Path empty = Files.write(classDir(Split.TRAIN, BccdClasses.EOSINOPHIL).resolve("_0_999.jpeg"), new byte[0]);
        Path text = Files.writeString(classDir(Split.TEST, BccdClasses.NEUTROPHIL).resolve("notes.txt"), "labels");
        assertThatThrownBy(() -> open(false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(empty + ": empty file (0 bytes); expected a JPEG or PNG image (2 problem files in all;"
                        + " ./wbc data check lists them); fix or remove it, or rerun with --skip-bad-images");
        CellImageDataset lenient = open(true);
        // The stray file is left out at once; the empty image stays listed, like a truncated JPEG would.
        assertThat(lenient.skipped()).containsExactly(
                new DataProblem(text, "not an image file (extension .txt); expected .jpeg, .jpg, .png, .tif or .bmp files"));
        assertThat(lenient.total()).isEqualTo(25);
        assertThat(lenient.summary()).contains("skipped 1 unusable files: " + text + ": not an image file");
        BccdIterator train = lenient.iterator(Split.TRAIN, CONFIG, 4);
        int rows = 0;
        while (train.hasNext()) {
            rows += train.next().numExamples();
        }
        assertThat(rows).isEqualTo(8);
        assertThat(lenient.skipped()).containsExactly(
                new DataProblem(text, "not an image file (extension .txt); expected .jpeg, .jpg, .png, .tif or .bmp files"),
                new DataProblem(empty, "empty file (0 bytes); expected a JPEG or PNG image"));
    }

    @Test
    void onlyAStrayFileFailsStrictlyWithTheSkipHint() throws IOException {
        Path text = Files.writeString(classDir(Split.TEST, BccdClasses.NEUTROPHIL).resolve("notes.txt"), "labels");
        assertThatThrownBy(() -> open(false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(text + ": not an image file (extension .txt); expected .jpeg, .jpg, .png, .tif or .bmp files;"
                        + " fix or remove it, or rerun with --skip-bad-images");
    }

    @Test
    void anEmptyImageIsCorruptInTheDataCheckExactlyLikeATruncatedJpeg() throws IOException {
        byte[] jpeg = realJpeg();
        Path truncated = Files.write(classDir(Split.TRAIN, BccdClasses.MONOCYTE).resolve("_2_777.jpeg"),
                Arrays.copyOf(jpeg, jpeg.length * 3 / 4));
        Path empty = Files.write(classDir(Split.TEST, BccdClasses.LYMPHOCYTE).resolve("_1_888.jpeg"), new byte[0]);
        DataCheckReport report = open(true).check();
        assertThat(report.corrupt()).extracting(DataProblem::file).containsExactly(truncated, empty);
        assertThat(report.corrupt().get(1)).isEqualTo(new DataProblem(empty, "empty file (0 bytes); expected a JPEG or PNG image"));
        assertThat(report.skipped()).isEmpty();
        assertThat(report.total()).isEqualTo(26);
        assertThat(report.splits().get("TEST").get("LYMPHOCYTE")).isEqualTo(3);
        assertThat(report.imageSizes()).containsExactly(java.util.Map.entry("8x6", 24));
        assertThat(report.ok()).isFalse();
        assertThat(report.problems()).contains("2 corrupt files (e.g. " + truncated + ": corrupt or truncated image"
                + " (decoder warning: Truncated File - Missing EOI marker); expected a JPEG or PNG image)");
    }

    @Test
    void anImageSkippedByAnEarlierPassIsListedOnceInTheCheck() throws IOException {
        Path empty = Files.write(classDir(Split.TEST, BccdClasses.LYMPHOCYTE).resolve("_1_888.jpeg"), new byte[0]);
        CellImageDataset lenient = open(true);
        lenient.preload(lenient.images(Split.TEST), TestDatasets.H, TestDatasets.W);
        assertThat(lenient.skipped()).extracting(DataProblem::file).containsExactly(empty);
        DataCheckReport report = lenient.check();
        assertThat(report.corrupt()).extracting(DataProblem::file).containsExactly(empty);
        assertThat(report.skipped()).isEmpty();
    }

    @Test
    void aCorruptJpegFailsStrictIterationNamingTheFileAndIsSkippedLeniently() throws IOException {
        Path corrupt = Files.writeString(classDir(Split.TEST, BccdClasses.EOSINOPHIL).resolve("_0_500.jpeg"),
                "<html>not a picture</html>");
        BccdIterator strict = open(false).iterator(Split.TEST, CONFIG, 4);
        assertThatThrownBy(strict::next).isInstanceOf(BadImageException.class)
                .hasMessage("Cannot use image " + corrupt + ": not an image format Java can read (it starts with bytes"
                        + " 3c 68 74 6d 6c 3e 6e 6f \"<html>no\"); expected a JPEG or PNG image");
        CellImageDataset lenient = open(true);
        BccdIterator it = lenient.iterator(Split.TEST, CONFIG, 4);
        int rows = 0;
        while (it.hasNext()) {
            DataSet b = it.next();
            rows += b.numExamples();
            assertThat(b.getExampleMetaData(LabeledImage.class)).extracting(LabeledImage::file).doesNotContain(corrupt);
        }
        assertThat(rows).isEqualTo(8);
        assertThat(lenient.skipped()).extracting(DataProblem::file).containsExactly(corrupt);
    }

    @Test
    void aTruncatedJpegIsCorruptNotSilentlyGreyPadded() throws IOException {
        byte[] jpeg = realJpeg();
        Path truncated = Files.write(classDir(Split.TRAIN, BccdClasses.MONOCYTE).resolve("_2_777.jpeg"),
                Arrays.copyOf(jpeg, jpeg.length * 3 / 4));
        CellImageDataset d = open(false);
        LabeledImage image = d.images(Split.TRAIN).stream().filter(i -> i.file().equals(truncated)).findFirst().orElseThrow();
        assertThatThrownBy(() -> d.pixels(image.file(), 6, 8)).isInstanceOf(BadImageException.class)
                .hasMessage("Cannot use image " + truncated + ": corrupt or truncated image (decoder warning: Truncated"
                        + " File - Missing EOI marker); expected a JPEG or PNG image");
        DataCheckReport report = d.check();
        assertThat(report.corrupt()).extracting(DataProblem::file).containsExactly(truncated);
        assertThat(report.ok()).isFalse();
        assertThat(report.problems()).anyMatch(p -> p.startsWith("1 corrupt files (e.g. " + truncated));
    }

    @Test
    void anUnreadableFolderIsNamed() {
        Path locked = classDir(Split.TRAIN, BccdClasses.LYMPHOCYTE);
        BccdLayout.Lister denying = dir -> {
            if (dir.equals(locked)) {
                throw new AccessDeniedException(dir.toString());
            }
            return BccdLayout.FILES.list(dir);
        };
        assertThatThrownBy(() -> CellImageDataset.builder(root).noDiskCache().lister(denying).open())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot read folder " + locked + " (AccessDeniedException: " + locked + "): check that it"
                        + " exists and that you may read it");
    }

    @Test
    void grayscaleCmykAlphaAndOddSizedImagesDecodeToTheColoursPilWouldGive() throws IOException {
        Path dir = classDir(Split.TEST_SIMPLE, BccdClasses.NEUTROPHIL);
        java.awt.image.BufferedImage gray = new java.awt.image.BufferedImage(20, 10, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 20; x++) {
                gray.getRaster().setSample(x, y, 0, 100);
            }
        }
        javax.imageio.ImageIO.write(gray, "png", dir.resolve("gray.png").toFile());
        javax.imageio.ImageIO.write(gray, "jpeg", dir.resolve("gray.JPG").toFile());
        try (var in = getClass().getResourceAsStream("cmyk.jpeg")) {
            // 16x12 CMYK JPEG made with ImageMagick: convert -size 16x12 xc:'rgb(200,40,60)' -colorspace CMYK cmyk.jpeg
            Files.copy(in, dir.resolve("cmyk.jpeg"));
        }
        java.awt.image.BufferedImage argb = new java.awt.image.BufferedImage(37, 23, java.awt.image.BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 23; y++) {
            for (int x = 0; x < 37; x++) {
                argb.setRGB(x, y, (128 << 24) | (50 << 16) | (100 << 8) | 150);
            }
        }
        javax.imageio.ImageIO.write(argb, "png", dir.resolve("alpha-odd-size.png").toFile());
        CellImageDataset d = open(false);
        assertThat(d.counts().get(Split.TEST_SIMPLE).get(BccdClasses.NEUTROPHIL)).isEqualTo(6);
        assertThat(d.pixels(dir.resolve("gray.png"), 6, 8)).containsOnly(100f);       // not Java2D's gamma-lifted 168
        assertThat(d.pixels(dir.resolve("gray.JPG"), 6, 8)).containsOnly(100f);
        assertThat(d.pixels(dir.resolve("alpha-odd-size.png"), 6, 8)).containsSequence(50f, 100f, 150f, 50f, 100f, 150f);
        float[] cmyk = d.pixels(dir.resolve("cmyk.jpeg"), 6, 8);
        assertThat(cmyk[0]).isBetween(194f, 206f);
        assertThat(cmyk[1]).isBetween(34f, 46f);
        assertThat(cmyk[2]).isBetween(54f, 66f);
        assertThat(d.check().imageSizes()).containsEntry("20x10", 2).containsEntry("16x12", 1).containsEntry("37x23", 1)
                .containsEntry("8x6", 24);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
