package io.github.wbczoo.data.audit;

import io.github.wbczoo.core.BccdClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wbczoo.data.BccdDataset;
import io.github.wbczoo.data.CellImageDataset;
import io.github.wbczoo.data.LabeledImage;
import io.github.wbczoo.data.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped image -> source cell map: it describes the real BCCD folder, and refuses another one. */
class SourceCellsTest {

    @Test
    void theShippedAuditCoversTheKaggleSetAndIsCheckedAgainstIt() {
        CellImageDataset real = PlantedDuplicatesTest.real();
        SourceCells cells = SourceCells.bundled().requireMatches(real);
        assertThat(cells.size()).isEqualTo(12_515);
        assertThat(cells.asMap().values()).allMatch(id -> id.matches("cell-[0-9a-f]{12}"));
        for (LabeledImage image : real.allImages()) {
            assertThat(cells.groupOf(image)).isNotBlank();
        }
        // Byte-identical files are one cell, and so is a TEST copy of them (145 ORB inliers, mirrored; looked at by
        // eye). The id is the prefix of the smallest content hash in the cell: the same in every run.
        String id = "cell-0437949bf22e";
        assertThat(cells.groupOf("TEST_SIMPLE/EOSINOPHIL/_0_5239.jpeg")).contains(id);
        assertThat(cells.groupOf("TEST_SIMPLE/EOSINOPHIL/_4_8814.jpeg")).contains(id);
        assertThat(cells.groupOf("TEST/EOSINOPHIL/_8_8010.jpeg")).contains(id);
        assertThat(cells.groups().get(id)).hasSize(48 + 2).allMatch(n -> n.startsWith("TEST"));
        // Every cell keeps one class: copies of a cell are never relabelled.
        Map<String, Set<String>> classes = cells.asMap().entrySet().stream().collect(Collectors.groupingBy(
                Map.Entry::getValue, Collectors.mapping(e -> e.getKey().split("/")[1], Collectors.toSet())));
        assertThat(classes.values()).allMatch(s -> s.size() == 1);
    }

    @Test
    void writesAndReadsBackTheSameGroups(@TempDir Path tmp) {
        List<AuditImage> images = List.of(
                AuditImage.inMemory("TRAIN/EOSINOPHIL/a.jpeg", BccdClasses.EOSINOPHIL, Split.TRAIN, new byte[] {1}),
                AuditImage.inMemory("TEST/EOSINOPHIL/b.jpeg", BccdClasses.EOSINOPHIL, Split.TEST, new byte[] {2}),
                AuditImage.inMemory("TEST/MONOCYTE/c.jpeg", BccdClasses.MONOCYTE, Split.TEST, new byte[] {3}));
        DuplicateFinder.Result r = new DuplicateFinder.Result(images, new int[] {0, 0, 1}, List.of(), List.of(), 0);
        String h1 = "f".repeat(64);
        String h2 = "0123456789ab" + "0".repeat(52);
        SourceCells cells = SourceCells.of(r, List.of(h1, h2, "9".repeat(64)), "abc", "test method");
        assertThat(cells.groupOf("TRAIN/EOSINOPHIL/a.jpeg")).contains("cell-0123456789ab");
        assertThat(cells.groupOf("TEST/EOSINOPHIL/b.jpeg")).contains("cell-0123456789ab");
        assertThat(cells.groupOf("TEST/MONOCYTE/c.jpeg")).contains("cell-999999999999");
        assertThat(cells.groupOf("nope")).isEmpty();
        Path f = tmp.resolve("cells.tsv.gz");
        cells.write(f);
        SourceCells back = SourceCells.read(f);
        assertThat(back.asMap()).isEqualTo(cells.asMap());
        assertThat(back.sumsSha256()).isEqualTo("abc");
        assertThat(back.method()).isEqualTo("test method");
        assertThat(back.groups()).containsEntry("cell-0123456789ab", List.of("TEST/EOSINOPHIL/b.jpeg",
                "TRAIN/EOSINOPHIL/a.jpeg"));
    }

    @Test
    void anotherDatasetIsRefused(@TempDir Path tmp) throws Exception {
        CellImageDataset other = BccdDataset.builder(AuditFixtures.dataset(tmp)).noDiskCache().open();
        assertThatThrownBy(() -> SourceCells.bundled().requireMatches(other)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has no SHA256SUMS file");
        Files.writeString(tmp.resolve("SHA256SUMS"), "");
        CellImageDataset withSums = BccdDataset.builder(tmp).noDiskCache().open();
        assertThatThrownBy(() -> SourceCells.bundled().requireMatches(withSums)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is not the one the source-cell audit was made for");
        LabeledImage image = withSums.allImages().get(0);
        assertThatThrownBy(() -> SourceCells.bundled().groupOf(image)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not in the source-cell audit");
    }
}
