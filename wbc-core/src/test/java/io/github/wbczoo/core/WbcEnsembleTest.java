package io.github.wbczoo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WbcEnsembleTest {
    static {
        WbcBackend.init();
    }

    private static BufferedImage image(long seed, int w, int h) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt(0xFFFFFF));
            }
        }
        return img;
    }

    @Test
    void averagesTheMembersProbabilitiesImageByImage() {
        WbcModel a = TinyModels.dense(1, 1e-2);
        WbcModel b = TinyModels.dense(2, 1e-2);
        WbcModel c = TinyModels.dense(3, 1e-2);
        WbcEnsemble e = WbcEnsemble.of(a, b, c);
        List<BufferedImage> images = List.of(image(1, 5, 7), image(2, 9, 4), image(3, 2, 2));

        List<Prediction> got = e.predict(images);
        assertThat(got).hasSize(3);
        for (int i = 0; i < images.size(); i++) {
            float[] pa = a.predict(images.get(i)).probabilities();
            float[] pb = b.predict(images.get(i)).probabilities();
            float[] pc = c.predict(images.get(i)).probabilities();
            float[] mean = new float[4];
            int best = 0;
            for (int k = 0; k < 4; k++) {
                mean[k] = (pa[k] + pb[k] + pc[k]) / 3;
                best = mean[k] > mean[best] ? k : best;
            }
            assertThat(got.get(i).probabilities()).containsExactly(mean, org.assertj.core.data.Offset.offset(1e-6f));
            assertThat(got.get(i).predicted()).isEqualTo(ClassSet.BCCD.get(best));
        }
        assertThat(e.predict(images.get(1)).probabilities())
                .containsExactly(got.get(1).probabilities(), org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(e.name()).isEqualTo("tiny+tiny+tiny");
        assertThat(e.classes()).isEqualTo(ClassSet.BCCD);
    }

    @Test
    void needsTwoModelsWithTheSameClasses() {
        WbcModel a = TinyModels.dense(1, 1e-2);
        assertThatThrownBy(() -> WbcEnsemble.of(a))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("An ensemble needs at least two models, got 1");
        WbcModel other = WbcModel.of("tinyOther", (org.deeplearning4j.nn.multilayer.MultiLayerNetwork) TinyModels.dense(2, 1e-2)
                .network(), TinyModels.FLAT_2X2, ClassSet.of("A", "B", "C", "D"));
        assertThatThrownBy(() -> WbcEnsemble.of(a, other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Every member needs the same classes: tiny has " + ClassSet.BCCD + ", tinyOther has "
                        + ClassSet.of("A", "B", "C", "D"));
    }
}
