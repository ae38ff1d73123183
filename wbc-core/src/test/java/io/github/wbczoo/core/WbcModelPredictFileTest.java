package io.github.wbczoo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link WbcModel#predict(Path)} decodes with {@link ImageDecoder}, as the training data was. */
class WbcModelPredictFileTest {
    @TempDir
    Path dir;

    private static BufferedImage solid(int type, int rgb) {
        BufferedImage img = new BufferedImage(6, 4, type);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    @Test
    void aGrayFileIsPredictedFromItsStoredValues() throws IOException {
        WbcModel model = TinyModels.dense(5, 1e-2);
        BufferedImage gray = new BufferedImage(6, 4, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                gray.getRaster().setSample(x, y, 0, 100);
            }
        }
        Path file = dir.resolve("gray.png");
        ImageIO.write(gray, "png", file.toFile());
        Prediction fromFile = model.predict(file);
        Prediction fromRgb = model.predict(solid(BufferedImage.TYPE_INT_RGB, 0x646464)); // 100, 100, 100
        assertThat(fromFile.probabilities()).containsExactly(fromRgb.probabilities());
    }

    @Test
    void anUnusableFileIsABadImageNamingItsAbsolutePath() throws IOException {
        WbcModel model = TinyModels.dense(5, 1e-2);
        Path text = Files.writeString(dir.resolve("broken.jpeg"), "not a jpeg");
        assertThatThrownBy(() -> model.predict(text)).isInstanceOf(BadImageException.class)
                .hasMessage("Cannot use image " + text.toAbsolutePath() + ": not an image format Java can read (it"
                        + " starts with bytes 6e 6f 74 20 61 20 6a 70 \"not a jp\"); expected a JPEG or PNG image");
        Path missing = dir.resolve("missing.png");
        assertThatThrownBy(() -> model.predict(missing)).isInstanceOf(BadImageException.class)
                .hasMessage("Cannot use image " + missing.toAbsolutePath() + ": cannot be read (NoSuchFileException: "
                        + missing.toAbsolutePath() + "); check that it exists and is readable");
    }
}
