package io.github.wbczoo.data.audit;

import io.github.wbczoo.core.BccdClasses;
import io.github.wbczoo.core.CellClass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wbczoo.data.LabeledImage;
import io.github.wbczoo.data.Split;
import java.nio.file.Files;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The finder's parts: union-find, the class restriction, the verdict on one pair and unreadable images. */
class DuplicateFinderTest {

    @Test
    void unionFindNumbersClustersByTheirFirstMember() {
        DuplicateFinder.UnionFind uf = new DuplicateFinder.UnionFind(6);
        uf.union(4, 1);
        uf.union(5, 4);
        uf.union(2, 3);
        assertThat(uf.labels()).containsExactly(0, 1, 2, 2, 1, 1);
    }

    @Test
    void settingsOutsideTheirRangeAreRefused() {
        assertThatThrownBy(() -> DuplicateFinder.Settings.DEFAULT.withMinInliers(1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unusable duplicate finder settings");
        assertThat(DuplicateFinder.Settings.DEFAULT.describe()).contains("ORB 500 keypoints").contains(">= 20 inliers");
    }

    @Test
    void aCopyIsJoinedWithinItsClassButNeverComparedAcrossClasses() throws Exception {
        List<LabeledImage> simple = PlantedDuplicatesTest.real().images(Split.TEST_SIMPLE);
        LabeledImage source = simple.get(30);
        byte[] copy = PlantedCopies.copy(javax.imageio.ImageIO.read(source.file().toFile()), new SplittableRandom(3));
        CellClass other = source.label() == BccdClasses.NEUTROPHIL ? BccdClasses.MONOCYTE : BccdClasses.NEUTROPHIL;
        List<AuditImage> images = List.of(AuditImage.of(source),
                AuditImage.inMemory("same-class-copy", source.label(), Split.TRAIN, copy),
                AuditImage.inMemory("other-class-copy", other, Split.TRAIN, copy),
                AuditImage.of(simple.get(50)));
        DuplicateFinder.Result r = new DuplicateFinder(DuplicateFinder.Settings.DEFAULT, 1).find(images);
        assertThat(r.together(0, 1)).isTrue();
        assertThat(r.together(0, 2)).isFalse();
        assertThat(r.together(0, 3)).isFalse();
        assertThat(r.clusterCount()).isEqualTo(3);
        PairCheck joined = r.checks().stream().filter(c -> c.b().equals("same-class-copy") || c.a().equals("same-class-copy"))
                .findFirst().orElseThrow();
        assertThat(joined.confirmed()).isTrue();
        assertThat(joined.inliers()).isGreaterThanOrEqualTo(20);
        assertThat(joined.scale()).isBetween(0.8, 1.25);
        assertThat(r.checks()).noneMatch(c -> c.a().equals("other-class-copy") || c.b().equals("other-class-copy"));
    }

    @Test
    void anUndecodableImageIsListedAndLeftInItsOwnCluster() throws Exception {
        List<LabeledImage> simple = PlantedDuplicatesTest.real().images(Split.TEST_SIMPLE);
        List<AuditImage> images = List.of(AuditImage.of(simple.get(30)),
                AuditImage.inMemory("broken", simple.get(30).label(), Split.TEST, "not a jpeg".getBytes()),
                AuditImage.inMemory("same", simple.get(30).label(), Split.TEST, Files.readAllBytes(simple.get(30).file())));
        DuplicateFinder.Result r = new DuplicateFinder(DuplicateFinder.Settings.DEFAULT, 1).find(images);
        assertThat(r.unreadable()).singleElement().asString().startsWith("broken: ");
        assertThat(r.together(0, 2)).isTrue();
        assertThat(r.together(0, 1)).isFalse();
    }
}
