package io.github.wbczoo.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.wbczoo.core.Augmentation;
import io.github.wbczoo.core.Augmentation.FillMode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The augmenter against Keras' own arithmetic (scipy reference values) and its random draws. */
class AugmenterTest {

    /** Reference cases written by make_augmenter_reference.py (Keras apply_transform via scipy). */
    @Test
    void matchesKerasApplyTransformValueByValue() throws IOException {
        List<String> lines;
        try (InputStream in = getClass().getResourceAsStream("augmenter-reference.txt")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        String[] size = lines.get(0).split(" ");
        int h = Integer.parseInt(size[1]);
        int w = Integer.parseInt(size[2]);
        String[] values = lines.get(1).substring("image ".length()).split(" ");
        byte[] image = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            image[i] = (byte) Integer.parseInt(values[i]);
        }
        int cases = 0;
        for (int l = 2; l < lines.size(); l += 2) {
            String[] c = lines.get(l).split(" ");
            Augmenter.Transform t = new Augmenter.Transform(Double.parseDouble(c[1]), Double.parseDouble(c[2]),
                    Double.parseDouble(c[3]), Boolean.parseBoolean(c[4]), Boolean.parseBoolean(c[5]));
            FillMode fill = FillMode.valueOf(c[6].toUpperCase(Locale.ROOT));
            float[] expected = parse(lines.get(l + 1).substring("expected ".length()));
            float[] actual = Augmenter.apply(image, h, w, t, fill);
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).as("case %s, value %d", lines.get(l), i).isCloseTo(expected[i], within(1e-3f));
            }
            cases++;
        }
        assertThat(cases).isEqualTo(6);
    }

    @Test
    void shiftMovesContentAndNearestFillRepeatsTheEdge() {
        // 1 row x 4 columns, channel value = column * 10: a shift of +1 column samples column c + 1.
        byte[] img = new byte[4 * 3];
        for (int c = 0; c < 4; c++) {
            Arrays.fill(img, c * 3, c * 3 + 3, (byte) (c * 10));
        }
        float[] out = Augmenter.apply(img, 1, 4, new Augmenter.Transform(0, 0, 1, false, false), FillMode.NEAREST);
        assertThat(new float[] {out[0], out[3], out[6], out[9]}).containsExactly(10, 20, 30, 30);
        float[] black = Augmenter.apply(img, 1, 4, new Augmenter.Transform(0, 0, 1, false, false), FillMode.CONSTANT);
        assertThat(black[9]).isZero();
    }

    @Test
    void horizontalFlipMirrorsColumnsExactly() {
        byte[] img = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] out = Augmenter.apply(img, 1, 3, new Augmenter.Transform(0, 0, 0, true, false), FillMode.NEAREST);
        assertThat(out).containsExactly(7, 8, 9, 4, 5, 6, 1, 2, 3);
    }

    @Test
    void drawsStayWithinTheRangesAndFlipAboutHalfTheTime() {
        Augmentation a = Augmentation.kerasInception();
        SplittableRandom rng = new SplittableRandom(7);
        int flips = 0;
        double maxTheta = 0;
        double maxRow = 0;
        double maxCol = 0;
        for (int i = 0; i < 4000; i++) {
            Augmenter.Transform t = Augmenter.draw(a, 60, 80, rng);
            maxTheta = Math.max(maxTheta, Math.abs(t.rotationDegrees()));
            maxRow = Math.max(maxRow, Math.abs(t.rowShift()));
            maxCol = Math.max(maxCol, Math.abs(t.colShift()));
            flips += t.flipHorizontal() ? 1 : 0;
            assertThat(t.flipVertical()).isFalse();
        }
        assertThat(maxTheta).isLessThanOrEqualTo(10).isGreaterThan(9.9);
        assertThat(maxRow).isLessThanOrEqualTo(6).isGreaterThan(5.9);   // 0.1 x 60 rows
        assertThat(maxCol).isLessThanOrEqualTo(8).isGreaterThan(7.9);   // 0.1 x 80 columns
        assertThat(flips).isBetween(1800, 2200);
    }

    @Test
    void theSameSeedEpochAndImageGiveTheSameTransformAndOthersDiffer() {
        Augmentation a = Augmentation.kerasInception();
        Augmenter.Transform t1 = Augmenter.draw(a, 60, 80, Augmenter.randomFor(42, 3, 17));
        Augmenter.Transform t2 = Augmenter.draw(a, 60, 80, Augmenter.randomFor(42, 3, 17));
        assertThat(t1).isEqualTo(t2);
        assertThat(Augmenter.draw(a, 60, 80, Augmenter.randomFor(42, 4, 17))).isNotEqualTo(t1);
        assertThat(Augmenter.draw(a, 60, 80, Augmenter.randomFor(43, 3, 17))).isNotEqualTo(t1);
        assertThat(Augmenter.draw(a, 60, 80, Augmenter.randomFor(42, 3, 18))).isNotEqualTo(t1);
    }

    @Test
    void identityCopiesPixelsAndWrongSizesAreRejected() {
        byte[] img = {(byte) 255, 0, 7, 1, 2, 3};
        assertThat(Augmenter.augment(img, 1, 2, Augmentation.NONE, new SplittableRandom(1)))
                .containsExactly(255, 0, 7, 1, 2, 3);
        assertThatThrownBy(() -> Augmenter.apply(img, 2, 2, Augmenter.Transform.IDENTITY, FillMode.NEAREST))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Image has 6 values, expected 2x2x3 = 12");
    }

    @Test
    void presetsFollowTheRecipes() {
        assertThat(Augmentation.preset("KERASINCEPTION")).isEqualTo(Augmentation.kerasInception());
        assertThat(Augmentation.preset("none")).isEqualTo(Augmentation.NONE);
        assertThat(Augmentation.kerasInception().summary())
                .isEqualTo("rotation up to 10 degrees, shifts up to 0.10 x width, 0.10 x height, horizontal flips, fill nearest");
        assertThatThrownBy(() -> Augmentation.preset("mixup"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown augmentation recipe 'mixup'; expected one of none, kerasInception");
    }

    private static float[] parse(String text) {
        List<Float> v = new ArrayList<>();
        for (String s : text.split(" ")) {
            v.add(Float.parseFloat(s));
        }
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i);
        }
        return out;
    }
}
