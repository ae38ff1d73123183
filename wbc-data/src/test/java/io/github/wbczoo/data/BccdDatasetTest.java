package io.github.wbczoo.data;

import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ClassSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wbczoo.core.SplitPolicy;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real BCCD folder: layout, published counts, the papers' splits and the integrity check. */
class BccdDatasetTest {
    private static CellImageDataset bccd;

    @BeforeAll
    static void open() {
        bccd = TestDatasets.openReal();
    }

    @Test
    void countsEqualThePublishedTable() {
        Map<Split, Map<CellClass, Integer>> c = bccd.counts();
        assertThat(c.get(Split.TRAIN).keySet()).containsExactlyElementsOf(ClassSet.BCCD.classes());
        assertThat(c.get(Split.TRAIN).values()).containsExactly(2497, 2483, 2478, 2499);
        assertThat(c.get(Split.TEST).values()).containsExactly(623, 620, 620, 624);
        assertThat(c.get(Split.TEST_SIMPLE).values()).containsExactly(13, 6, 4, 48);
        assertThat(bccd.images(Split.TRAIN)).hasSize(9957);
        assertThat(bccd.images(Split.TEST)).hasSize(2487);
        assertThat(bccd.images(Split.TEST_SIMPLE)).hasSize(71);
        assertThat(bccd.total()).isEqualTo(12_515);
        assertThat(bccd.matchesPublishedCounts()).isTrue();
        assertThat(bccd.skipped()).isEmpty();
        assertThat(bccd.summary()).startsWith("BCCD at ").contains("TRAIN 9957, TEST 2487, TEST_SIMPLE 71 (12515 images,"
                + " the published counts)");
    }

    @Test
    void opensFromTheRootDataset2MasterOrImagesFolder() {
        Path images = TestDatasets.REAL.resolve("dataset2-master").resolve("images");
        for (Path p : List.of(TestDatasets.REAL, TestDatasets.REAL.resolve("dataset2-master"), images)) {
            CellImageDataset d = CellImageDataset.builder(p).noDiskCache().open();
            assertThat(d.imagesDir()).isEqualTo(images);
            assertThat(d.total()).isEqualTo(12_515);
        }
        assertThat(bccd.checksumFile()).contains(TestDatasets.REAL.resolve("SHA256SUMS"));
    }

    /** The default: whole source cells (the bundled audit's groups) go to validation, stratified by class. */
    @Test
    void validationNeverSharesASourceCellWithTraining() {
        assertThat(bccd.groupsNote()).isEqualTo("source cells from the bundled audit (344 cells)");
        assertThat(bccd.allImages()).allMatch(i -> i.group() != null);
        for (SplitPolicy policy : List.of(SplitPolicy.validationFraction(0.2), SplitPolicy.validationAsLargeAsTest())) {
            SplitPlan p = bccd.splits(policy, 42);
            java.util.Set<String> trainCells = new java.util.HashSet<>(p.train().stream().map(LabeledImage::group).toList());
            assertThat(p.validation()).as("%s", policy.kind()).noneMatch(i -> trainCells.contains(i.group()));
            assertThat(p.leaky()).isFalse();
            assertDisjointAndComplete(p, 9957 + 2487);
            Map<CellClass, Integer> val = SplitPlan.countByClass(p.validation());
            Map<CellClass, Integer> want = policy.kind() == SplitPolicy.Kind.VALIDATION_FRACTION
                    ? Map.of() : bccd.counts().get(Split.TEST);
            for (CellClass c : ClassSet.BCCD.classes()) {
                int target = want.isEmpty() ? (int) Math.round(0.2 * bccd.counts().get(Split.TRAIN).get(c)) : want.get(c);
                // whole cells: at least the target, at most one cell (157 copies at most) over it
                assertThat(val.get(c)).as("%s validation %s", policy.kind(), c).isBetween(target, target + 157);
            }
        }
        assertThat(bccd.splits(SplitPolicy.validationFraction(0.2), 42).description()).contains("by group: ")
                .contains("none on both sides");
    }

    /** The papers' protocol, by name: images drawn one by one, exactly as before, and flagged leaky. */
    @Test
    void validationFractionIsAStratifiedSeededPartOfTrain() {
        SplitPlan p = bccd.splits(SplitPolicy.validationFraction(0.2).byImage(), 42);
        Map<CellClass, Integer> val = SplitPlan.countByClass(p.validation());
        Map<CellClass, Integer> train = bccd.counts().get(Split.TRAIN);
        for (CellClass c : ClassSet.BCCD.classes()) {
            assertThat(val.get(c)).as("validation %s", c).isEqualTo((int) Math.round(0.2 * train.get(c)));
        }
        assertThat(p.train()).hasSize(9957 - p.validation().size());
        assertThat(p.validation()).allMatch(i -> i.folder() == Split.TRAIN);
        assertThat(p.test()).isEqualTo(bccd.images(Split.TEST));
        assertDisjointAndComplete(p, 9957 + 2487);
        assertThat(p.leaky()).isTrue();
        assertThat(p.description()).isEqualTo("BCCD: train 7965 / validation 1992 (20% of TRAIN, stratified, seed 42)"
                + " / test 2487 (TEST); drawn by image, LEAKY: copies of one source cell on both sides (the papers' protocol)");
        // Same seed, same files; another seed, other files.
        assertThat(bccd.splits(SplitPolicy.validationFraction(0.2).byImage(), 42).validation()).isEqualTo(p.validation());
        assertThat(bccd.splits(SplitPolicy.validationFraction(0.2).byImage(), 7).validation()).isNotEqualTo(p.validation());
    }

    @Test
    void validationAsLargeAsTestMatchesTestPerClass() {
        SplitPlan p = bccd.splits(SplitPolicy.validationAsLargeAsTest().byImage(), 1);
        assertThat(SplitPlan.countByClass(p.validation())).isEqualTo(bccd.counts().get(Split.TEST));
        assertThat(p.validation()).hasSize(2487);
        assertThat(p.train()).hasSize(9957 - 2487);
        assertDisjointAndComplete(p, 9957 + 2487);
        assertThat(p.description()).contains("Chen & Zhu's 60:20:20");
    }

    @Test
    void validationOnTestTrainsOnAllOfTrainAndHasNoSeparateTest() {
        SplitPlan p = bccd.splits(SplitPolicy.validationOnTest(), 42);
        assertThat(p.train()).isEqualTo(bccd.images(Split.TRAIN)).hasSize(9957);
        assertThat(p.validation()).isEqualTo(bccd.images(Split.TEST)).hasSize(2487);
        assertThat(p.test()).isEmpty();
        assertThat(p.leaky()).isFalse();
        assertThat(p.description()).isEqualTo("BCCD: train 9957 (all of TRAIN) / validation 2487 (the TEST folder) / no"
                + " separate test set: TEST figures are validation figures");
        SplitPlan limited = p.limitPerClass(10);
        assertThat(SplitPlan.countByClass(limited.train()).values()).containsOnly(10);
        assertThat(limited.validation()).allMatch(i -> i.folder() == Split.TEST);
    }

    @Test
    void pooledSplitUsesAllImagesAndIsMarkedLeaky() {
        SplitPlan p = bccd.splits(SplitPolicy.pooled(0.8, 0.1, 0.1), 3);
        assertDisjointAndComplete(p, 12_515);
        assertThat(p.leaky()).isTrue();
        assertThat(p.description()).startsWith("BCCD pooled, LEAKY").contains("(80:10:10, stratified, seed 3)");
        Map<CellClass, Integer> test = SplitPlan.countByClass(p.test());
        Map<CellClass, Integer> all = SplitPlan.countByClass(bccd.allImages());
        for (CellClass c : ClassSet.BCCD.classes()) {
            assertThat(test.get(c)).isEqualTo((int) Math.round(0.1 * all.get(c)));
        }
        // Pooling mixes folders: each part holds images of every folder.
        assertThat(p.test()).extracting(LabeledImage::folder).contains(Split.TRAIN, Split.TEST);
    }

    @Test
    void limitPerClassShrinksTrainingAndValidationInProportion() {
        SplitPlan full = bccd.splits(SplitPolicy.validationFraction(0.2).byImage(), 42);
        SplitPlan p = full.limitPerClass(10);
        assertThat(SplitPlan.countByClass(p.train()).values()).containsOnly(10);
        // Validation keeps its ratio to training per class: e.g. EOSINOPHIL 499 / 1998 x 10 = 2.497 -> 2.
        assertThat(SplitPlan.countByClass(p.validation()).values()).containsExactly(2, 3, 3, 3);
        assertThat(full.train()).containsAll(p.train());
        assertThat(full.validation()).containsAll(p.validation());
        assertThat(p.test()).hasSize(2487);
        assertThat(p.description()).endsWith("; limited to 10 training images per class (train 40, validation 11)");
        // by source cell, the limit keeps whole-cell sides apart too
        SplitPlan byCell = bccd.splits(SplitPolicy.validationFraction(0.2), 42).limitPerClass(10);
        java.util.Set<String> trainCells = new java.util.HashSet<>(byCell.train().stream().map(LabeledImage::group).toList());
        assertThat(byCell.validation()).noneMatch(i -> trainCells.contains(i.group()));
        assertThatThrownBy(() -> p.limitPerClass(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limitPerClass must be 0 (no limit) or positive, got -1");
    }

    @Test
    void labeledImagesSurviveJavaSerialisationAsDl4jMetadataMust() throws Exception {
        LabeledImage image = bccd.images(Split.TEST).get(3);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(image);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(image);
        }
        assertThat(image.relativeName()).startsWith("TEST/EOSINOPHIL/").endsWith(".jpeg");
    }

    private static void assertDisjointAndComplete(SplitPlan p, int expectedTotal) {
        Set<Path> seen = new HashSet<>();
        for (List<LabeledImage> part : List.of(p.train(), p.validation(), p.test())) {
            for (LabeledImage i : part) {
                assertThat(seen.add(i.file())).as("%s is in two parts", i).isTrue();
            }
        }
        assertThat(seen).hasSize(expectedTotal);
    }
}
