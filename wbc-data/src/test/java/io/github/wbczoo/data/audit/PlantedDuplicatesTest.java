package io.github.wbczoo.data.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wbczoo.data.BccdDataset;
import io.github.wbczoo.data.CellImageDataset;
import io.github.wbczoo.data.LabeledImage;
import io.github.wbczoo.data.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The acceptance test of the near-duplicate finder: copies of real BCCD images made with the
 * project's augmenter (rotation, shifts, flips, black fill), a small zoom and JPEG re-encoding are
 * found among their sources and other real images with recall >= 0.9 at precision >= 0.95.
 */
class PlantedDuplicatesTest {
    static final Path REAL = Path.of("../../shared/bccd").toAbsolutePath().normalize();

    static CellImageDataset real() {
        assertThat(Files.isDirectory(REAL)).as("the BCCD images at " + REAL).isTrue();
        return BccdDataset.builder(REAL).noDiskCache().open();
    }

    @Test
    void plantedCopiesOfTestSimpleAreFoundWithHighPrecisionAndRecall() {
        // 41 TEST_SIMPLE originals with 3 copies each, 30 more originals as distractors: about 25 s on two cores.
        PlantedCopies.Score s = BccdAudit.planted(real(), BccdAudit.Options.DEFAULT.withCacheDir(Optional.empty()));
        assertThat(s.sources()).isEqualTo(41);
        assertThat(s.images()).isEqualTo(71 + 41 * 3);
        // 41 groups of 4 (source + 3 copies) give 246 pairs; the two byte-identical TEST_SIMPLE pairs add more.
        assertThat(s.truePairs()).isGreaterThanOrEqualTo(246);
        assertThat(s.recall()).as(s.describe()).isGreaterThanOrEqualTo(0.9);
        assertThat(s.precision()).as(s.describe()).isGreaterThanOrEqualTo(0.95);
    }

    /** The score is not a constant: a finder that can confirm nothing gets no recall on the same kind of mix. */
    @Test
    void aFinderThatConfirmsNothingScoresNoRecall() {
        List<LabeledImage> simple = real().images(Split.TEST_SIMPLE);
        PlantedCopies p = PlantedCopies.make(simple.subList(40, 46), simple.subList(60, 64), 2, 7);
        DuplicateFinder.Result r = new DuplicateFinder(DuplicateFinder.Settings.DEFAULT.withMinInliers(5000)).find(p.images());
        PlantedCopies.Score s = p.score(r);
        assertThat(s.truePairs()).isEqualTo(6 * 3);
        assertThat(s.recall()).isZero();
        assertThat(s.precision()).isEqualTo(1.0);
        PlantedCopies.Score good = p.score(new DuplicateFinder(DuplicateFinder.Settings.DEFAULT).find(p.images()));
        assertThat(good.recall()).as(good.describe()).isEqualTo(1.0);
        assertThat(good.precision()).as(good.describe()).isEqualTo(1.0);
    }

    @Test
    void copiesAreRotatedShiftedAndReencodedNotTheSourceBytes() throws Exception {
        List<LabeledImage> simple = real().images(Split.TEST_SIMPLE);
        PlantedCopies p = PlantedCopies.make(simple.subList(0, 1), List.of(), 2, 42);
        assertThat(p.images()).hasSize(3);
        byte[] source = Files.readAllBytes(simple.get(0).file());
        AuditImage copy = p.images().get(1);
        assertThat(copy.name()).isEqualTo("planted/" + simple.get(0).relativeName() + "#1");
        assertThat(copy.bytes()).isNotEqualTo(source);
        assertThat(p.groupOf(copy.name())).isEqualTo(simple.get(0).relativeName());
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(copy.bytes()));
        assertThat(img.getWidth()).isEqualTo(320);
        assertThat(img.getHeight()).isEqualTo(240);
    }
}
