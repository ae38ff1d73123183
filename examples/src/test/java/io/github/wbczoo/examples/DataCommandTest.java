package io.github.wbczoo.examples;

import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ClassSet;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wbczoo.core.Json;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./wbc data check}, {@code ./wbc data preview} and {@code ./wbc bench data}, end to end. */
class DataCommandTest {
    static final Path BCCD = Path.of("../../shared/bccd");
    private static final String[] SPLITS = {"TRAIN", "TEST", "TEST_SIMPLE"};

    @TempDir
    Path dir;

    /** A tiny BCCD-shaped folder: two 16x12 PNGs per split and class. */
    private Path tinyDataset() throws Exception {
        return tinyDataset(16, 12);
    }

    /** Two images per class and split, {@code width x height}. */
    private Path tinyDataset(int width, int height) throws Exception {
        for (String split : SPLITS) {
            for (CellClass c : ClassSet.BCCD.classes()) {
                Path classDir = Files.createDirectories(dir.resolve("tiny/dataset2-master/images/" + split + "/" + c.name()));
                for (int i = 0; i < 2; i++) {
                    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
                    img.setRGB(i, c.index(), 0xFFFFFF);
                    ImageIO.write(img, "png", classDir.resolve("_" + c.index() + "_" + i + ".png").toFile());
                }
            }
        }
        return dir.resolve("tiny");
    }

    @Test
    void checkPrintsCountsAsJsonAndFailsStrictlyOnProblems() throws Exception {
        Path tiny = tinyDataset();
        Path corrupt = Files.writeString(tiny.resolve("dataset2-master/images/TEST/MONOCYTE/_2_9.png"), "not a png");
        CliRunner.Result r = CliRunner.run("data", "check", "--data", tiny.toString(), "--json");
        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode json = Json.mapper().readTree(r.out());
        assertThat(json.get("splits").get("TRAIN").get("EOSINOPHIL").asInt()).isEqualTo(2);
        assertThat(json.get("splits").get("TEST").get("MONOCYTE").asInt()).isEqualTo(3);
        assertThat(json.get("total").asInt()).isEqualTo(25);
        assertThat(json.get("corrupt")).hasSize(1);
        assertThat(json.get("corrupt").get(0).get("file").asText()).isEqualTo(corrupt.toAbsolutePath().toString());
        assertThat(json.get("checksumMismatches").asInt()).isZero();
        assertThat(json.get("imageSizes").get("16x12").asInt()).isEqualTo(24);
        assertThat(r.err().strip()).startsWith("wbc data check: problems found: counts differ from the published BCCD counts;"
                + " 1 corrupt files (e.g. " + corrupt.toAbsolutePath()).doesNotContain("\n");
        CliRunner.Result lenient = CliRunner.run("data", "check", "--data", tiny.toString(), "--lenient");
        assertThat(lenient.exitCode()).isZero();
        assertThat(lenient.out()).contains("TRAIN                  2           2           2           2       8")
                .contains("corrupt files: 1");
    }

    @Test
    void aMissingOrWrongDataFolderIsOneLineAndExitCode2() throws Exception {
        CliRunner.Result missing = CliRunner.run("data", "check", "--data", dir.resolve("nope").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err().strip()).startsWith("wbc data check: --data " + dir.resolve("nope") + ": ")
                .contains("does not exist. Download the Kaggle \"Blood Cell Images\" dataset").doesNotContain("\n");
        Files.createDirectories(dir.resolve("empty"));
        CliRunner.Result empty = CliRunner.run("data", "check", "--data", dir.resolve("empty").toString());
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err().strip()).isEqualTo("wbc data check: No class folders in " + dir.resolve("empty").toAbsolutePath()
                + ": expected class folders ROOT/CLASS/*.png|jpg|tif|bmp, split folders ROOT/SPLIT/CLASS/* with a 'train' split,"
                + " or BCCD's dataset2-master");
    }

    @Test
    void previewWritesAContactSheet() throws Exception {
        Path out = dir.resolve("sheets/inception.png");
        CliRunner.Result r = CliRunner.run("data", "preview", "--data", BCCD.toString(), "--recipe", "inceptionParaB",
                "--out", out.toString(), "--copies", "2");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("wrote " + out.toAbsolutePath() + " (");
        BufferedImage sheet = ImageIO.read(out.toFile());
        assertThat(sheet.getWidth()).isEqualTo(120 + 3 * 166);
        CliRunner.Result unknown = CliRunner.run("data", "preview", "--data", BCCD.toString(), "--recipe", "mixup",
                "--out", out.toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("wbc data preview: Unknown recipe 'mixup': give a registered model (")
                .contains(", myCnn.v9, ").endsWith(") or an augmentation (none, kerasInception)" + System.lineSeparator());
        CliRunner.Result badSize = CliRunner.run("data", "preview", "--data", BCCD.toString(), "--recipe", "none",
                "--out", out.toString(), "--size", "80by60");
        assertThat(badSize.err().strip()).isEqualTo("wbc data preview: --size must be WIDTHxHEIGHT with positive numbers,"
                + " e.g. 80x60; got '80by60'");
    }

    /** At the recipe's own size (every registered recipe at a small size: {@code EveryRecipeTest}). */
    @Test
    void previewDefaultsToTheRecipeSize() throws Exception {
        CliRunner.Result atRecipeSize = CliRunner.run("data", "preview", "--data", BCCD.toString(), "--recipe", "myCnn.v9",
                "--out", dir.resolve("v9.png").toString(), "--copies", "1");
        assertThat(atRecipeSize.exitCode()).as(atRecipeSize.err()).isZero();
        assertThat(ImageIO.read(dir.resolve("v9.png").toFile()).getHeight()).as("sheet at the recipe's 320x240")
                .isGreaterThan(240 * 2);
    }

    @Test
    void benchDataReportsColdAndWarmRates() throws Exception {
        // BCCD-sized images: the cold pass must take clearly more CPU than the OS clock's 10 ms resolution.
        CliRunner.Result r = CliRunner.run("bench", "data", "--data", tinyDataset(320, 240).toString(), "--json", "--passes", "1",
                "--size", "16x12", "--batch", "5");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = Json.mapper().readTree(r.out());
        assertThat(json.get("images").asInt()).isEqualTo(24);
        assertThat(json.get("size").asText()).isEqualTo("16x12");
        assertThat(json.get("coldImagesPerSecond").asDouble()).isPositive();
        assertThat(json.get("warmImagesPerSecond").asDouble()).isPositive();
        assertThat(json.get("warmPlainImagesPerSecond").asDouble()).isPositive();
        assertThat(json.get("coldCpuSeconds").asDouble()).isPositive();
        assertThat(json.get("diskCacheImagesPerSecond").isNull()).isTrue();
    }

    /** A 320x240 picture of random discs, different for each seed (ORB finds keypoints on it). */
    private static BufferedImage discs(long seed) {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(new java.awt.Color(230, 220, 225));
        g.fillRect(0, 0, 320, 240);
        for (int k = 0; k < 60; k++) {
            int r = 8 + rng.nextInt(22);
            g.setColor(new java.awt.Color(150 + rng.nextInt(80), 60 + rng.nextInt(80), 90 + rng.nextInt(120)));
            g.fillOval(rng.nextInt(320) - r, rng.nextInt(240) - r, 2 * r, 2 * r);
        }
        g.dispose();
        return img;
    }

    @Test
    void auditPrintsSourceCellsAsJsonAndFindsAnIdenticalCopyAcrossSplits() throws Exception {
        for (String split : SPLITS) {
            for (CellClass c : ClassSet.BCCD.classes()) {
                Path classDir = Files.createDirectories(dir.resolve("discs/dataset2-master/images/" + split + "/" + c.name()));
                for (int i = 0; i < 2; i++) {
                    ImageIO.write(discs(100L * split.length() + 10L * c.index() + i), "png",
                            classDir.resolve("_" + i + ".png").toFile());
                }
            }
        }
        Path images = dir.resolve("discs/dataset2-master/images");
        Files.copy(images.resolve("TRAIN/MONOCYTE/_0.png"), images.resolve("TEST_SIMPLE/MONOCYTE/copy.png"));
        Path cells = dir.resolve("out/cells.tsv.gz");
        CliRunner.Result r = CliRunner.run("data", "audit", "--data", dir.resolve("discs").toString(), "--json",
                "--cells-out", cells.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = Json.mapper().readTree(r.out());
        assertThat(json.get("images").asInt()).isEqualTo(25);
        assertThat(json.get("splits").get("TRAIN").get("sourceCells").asInt()).isEqualTo(8);
        assertThat(json.get("splits").get("TEST_SIMPLE").get("sourceCells").asInt()).isEqualTo(9);
        assertThat(json.get("crossSplitDuplicates")).hasSize(1);
        assertThat(json.get("crossSplitDuplicates").get(0).get("a").asText()).isEqualTo("TRAIN/MONOCYTE/_0.png");
        assertThat(json.get("crossSplitDuplicates").get(0).get("b").asText()).isEqualTo("TEST_SIMPLE/MONOCYTE/copy.png");
        assertThat(json.get("spanning").get("TRAIN-TEST_SIMPLE").get("sourceCells").asInt()).isEqualTo(1);
        assertThat(json.get("identicalFiles")).hasSize(1);
        assertThat(json.get("plantedRecall").isNumber()).isTrue();
        assertThat(json.get("plantedPrecision").isNumber()).isTrue();
        assertThat(r.err()).contains("wbc data audit: auditing 25 images");
        assertThat(Files.size(cells)).isPositive();

        CliRunner.Result text = CliRunner.run("data", "audit", "--data", dir.resolve("discs").toString());
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("25 images are copies of 24 source cells")
                .contains("TRAIN-TEST_SIMPLE").contains("planted copies: precision");
        CliRunner.Result badSheet = CliRunner.run("data", "audit", "--data", dir.resolve("discs").toString(),
                "--sheet", dir.resolve("pairs.jpg").toString());
        assertThat(badSheet.exitCode()).isEqualTo(2);
        assertThat(badSheet.err().strip()).isEqualTo("wbc data audit: --sheet must name a .png file, got "
                + dir.resolve("pairs.jpg"));
    }
}
