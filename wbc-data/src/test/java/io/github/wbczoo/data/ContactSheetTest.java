package io.github.wbczoo.data;

import io.github.wbczoo.core.BccdClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wbczoo.core.Augmentation;
import io.github.wbczoo.core.BadImageException;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.LongStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preview sheet: originals as the network sees them, augmented copies that differ. */
class ContactSheetTest {

    @Test
    void rendersOneRowPerClassWithOriginalAndAugmentedCopies(@TempDir Path tmp) throws Exception {
        CellImageDataset bccd = TestDatasets.openReal();
        BufferedImage sheet = ContactSheet.render(bccd, Augmentation.kerasInception(), 60, 80, 3, 42);
        // Tiles are enlarged 2x (to at least 160 px wide): 120 label + 4 x (160 + 6) wide, 40 + 4 x (120 + 6) high.
        assertThat(sheet.getWidth()).isEqualTo(120 + 4 * 166);
        assertThat(sheet.getHeight()).isEqualTo(40 + 4 * 126);
        Path out = tmp.resolve("sheet.png");
        ContactSheet.write(sheet, out);
        BufferedImage back = ImageIO.read(out.toFile());
        assertThat(back.getWidth()).isEqualTo(sheet.getWidth());
        try (var files = Files.list(tmp)) {
            assertThat(files).containsExactly(out); // no temporary file left behind
        }
        // The original tile of the first row differs from each augmented tile.
        int y = 40;
        int[] original = back.getRGB(120, y, 160, 120, null, 0, 160);
        for (int col = 1; col <= 3; col++) {
            assertThat(back.getRGB(120 + col * 166, y, 160, 120, null, 0, 160)).isNotEqualTo(original);
        }
        assertThatThrownBy(() -> ContactSheet.render(bccd, Augmentation.NONE, 60, 80, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Augmented copies per image must be 1 to 20, got 0");
    }

    @Test
    void leniencyReplacesAnUnreadableChoiceWithAnotherImageOfItsClass(@TempDir Path tmp) throws Exception {
        Path root = TestDatasets.synthetic(tmp, 1, TestDatasets::colour);
        Path dir = TestDatasets.classDir(root, Split.TRAIN, BccdClasses.MONOCYTE);
        for (int i = 0; i < 5; i++) {
            Files.writeString(dir.resolve("_2_9" + i + ".png"), "not a png");
        }
        // Some seed picks one of the five corrupt MONOCYTE files (the good one is 1 in 6).
        long seed = LongStream.range(0, 50).filter(sd -> {
            try {
                ContactSheet.render(TestDatasets.open(root), Augmentation.NONE, 6, 8, 1, sd);
                return false;
            } catch (BadImageException e) {
                return true;
            }
        }).findFirst().orElseThrow();
        CellImageDataset lenient = CellImageDataset.builder(root).lenient(true).memoryCache(new PixelCache(1 << 20)).noDiskCache().open();
        BufferedImage sheet = ContactSheet.render(lenient, Augmentation.NONE, 6, 8, 1, seed);
        assertThat(sheet.getHeight()).isEqualTo(40 + 4 * (120 + 6));
        assertThat(lenient.skipped()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.file().getParent()).isEqualTo(dir);
            assertThat(p.reason()).startsWith("not an image format Java can read");
        });
    }
}
