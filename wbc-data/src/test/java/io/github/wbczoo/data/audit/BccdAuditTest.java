package io.github.wbczoo.data.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wbczoo.core.Json;
import io.github.wbczoo.data.BccdDataset;
import io.github.wbczoo.data.CellImageDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit end to end on a small folder with one known cross-split copy, and its cache. */
class BccdAuditTest {

    @Test
    void findsTheCrossSplitCopyAndCachesTheResult(@TempDir Path tmp) throws Exception {
        CellImageDataset d = BccdDataset.builder(AuditFixtures.dataset(tmp.resolve("data"))).noDiskCache().open();
        Path cache = tmp.resolve("cache");
        List<String> progress = new java.util.ArrayList<>();
        BccdAudit.Options options = BccdAudit.Options.DEFAULT.withCacheDir(Optional.of(cache)).withProgress(progress::add);
        BccdAudit.Outcome first = BccdAudit.run(d, options);
        AuditReport r = first.report();
        assertThat(r.cachedAt()).isNull();
        assertThat(r.images()).isEqualTo(25);
        assertThat(r.sourceCells()).isEqualTo(24);
        assertThat(r.splits().get("TRAIN").sourceCells()).isEqualTo(8);
        assertThat(r.splits().get("TEST").sourceCells()).isEqualTo(9);
        assertThat(r.splits().get("TEST").images()).isEqualTo(9);
        assertThat(r.splits().get("TRAIN").onlyHere()).isEqualTo(7);
        assertThat(r.splits().get("TEST").byClass().get("EOSINOPHIL")).isEqualTo(new AuditReport.ClassCells(3, 3));
        assertThat(r.spanning().get("TRAIN-TEST")).isEqualTo(new AuditReport.Spanning(1, 1, 1));
        assertThat(r.spanning().get("TEST-TEST_SIMPLE").sourceCells()).isZero();
        assertThat(r.crossSplitDuplicates()).singleElement().satisfies(p -> {
            assertThat(List.of(p.a(), p.b())).containsExactlyInAnyOrder("TRAIN/EOSINOPHIL/a.png", "TEST/EOSINOPHIL/copy.jpeg");
            assertThat(p.confirmed()).isTrue();
        });
        assertThat(r.copiesPerCell().max()).isEqualTo(2);
        assertThat(r.copiesPerCell().histogram()).containsEntry("1", 23).containsEntry("2-9", 1);
        assertThat(r.identicalFiles()).isEmpty();
        assertThat(r.crossClass().confirmed()).isZero();
        assertThat(r.plantedRecall()).isEqualTo(r.planted().recall());
        assertThat(first.cells().groupOf("TRAIN/EOSINOPHIL/a.png")).isEqualTo(first.cells().groupOf("TEST/EOSINOPHIL/copy.jpeg"));
        assertThat(first.cells().groupOf("TRAIN/EOSINOPHIL/b.png")).isNotEqualTo(first.cells().groupOf("TRAIN/EOSINOPHIL/a.png"));
        assertThat(Json.mapper().readTree(Json.write(r)).get("splits").get("TRAIN").get("sourceCells").asInt()).isEqualTo(8);

        BccdAudit.Outcome second = BccdAudit.run(d, options);
        assertThat(second.report().cachedAt()).startsWith(cache.resolve(BccdAudit.FORMAT).toString());
        assertThat(second.report().cachedAt(null)).isEqualTo(r);
        assertThat(second.cells().asMap()).isEqualTo(first.cells().asMap());
        assertThat(progress).anyMatch(l -> l.startsWith("read the audit from the cache"));

        // Changed content, same names: a different cache key, so computed again.
        Files.write(tmp.resolve("data/dataset2-master/images/TEST/EOSINOPHIL/copy.jpeg"),
                PlantedCopies.jpeg(AuditFixtures.smear(new java.util.SplittableRandom(99)), 0.9f));
        AuditReport third = BccdAudit.run(d, options).report();
        assertThat(third.cachedAt()).isNull();
        assertThat(third.spanning().get("TRAIN-TEST").sourceCells()).isZero();
    }

    @Test
    void sizeDistributionHasMedianAndBands() {
        AuditReport.SizeDistribution s = BccdAudit.distribution(List.of(1, 16, 15, 33, 155, 16));
        assertThat(s.clusters()).isEqualTo(6);
        assertThat(s.min()).isEqualTo(1);
        assertThat(s.median()).isEqualTo(16.0);
        assertThat(s.max()).isEqualTo(155);
        assertThat(s.histogram()).containsExactly(java.util.Map.entry("1", 1), java.util.Map.entry("10-19", 3),
                java.util.Map.entry("30-39", 1), java.util.Map.entry("100-199", 1));
    }
}
