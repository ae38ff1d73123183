package io.github.wbczoo.data;

import io.github.wbczoo.core.BccdClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wbczoo.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code data check}: every image decoded and hashed, reported in the documented JSON shape. */
class DataCheckTest {

    @Test
    void theRealDatasetIsCompleteDecodableAndMatchesItsChecksums() throws IOException {
        DataCheckReport r = TestDatasets.openReal().check();
        assertThat(r.total()).isEqualTo(12_515);
        assertThat(r.countsMatchPublished()).isTrue();
        assertThat(r.corrupt()).isEmpty();
        assertThat(r.imageSizes()).containsExactly(java.util.Map.entry("320x240", 12_515));
        assertThat(r.checksumMismatches()).isZero();
        assertThat(r.checksums().checked()).isEqualTo(12_515);
        assertThat(r.checksums().summary()).isEqualTo("SHA256SUMS: 12515 files verified");
        assertThat(r.ok()).isTrue();
        assertThat(r.problems()).isEmpty();
        JsonNode json = Json.mapper().readTree(Json.write(r));
        assertThat(json.get("splits").get("TRAIN").get("EOSINOPHIL").asInt()).isEqualTo(2497);
        assertThat(json.get("splits").get("TEST_SIMPLE").get("NEUTROPHIL").asInt()).isEqualTo(48);
        assertThat(json.get("total").asInt()).isEqualTo(12_515);
        assertThat(json.get("corrupt").isArray()).isTrue();
        assertThat(json.get("corrupt")).isEmpty();
        assertThat(json.get("checksumMismatches").asInt()).isZero();
        assertThat(json.get("imageSizes").get("320x240").asInt()).isEqualTo(12_515);
        assertThat(json.get("checksums").get("sumsFile").asText()).isEqualTo(TestDatasets.REAL.resolve("SHA256SUMS").toString());
    }

    @Test
    void changedMissingAndUnlistedFilesAreReported(@TempDir Path root) throws IOException {
        TestDatasets.synthetic(root, 2, TestDatasets::colour);
        Path images = root.resolve("dataset2-master/images");
        CellImageDataset d = TestDatasets.open(root);
        List<String> lines = new ArrayList<>();
        for (LabeledImage i : d.allImages()) {
            lines.add(Sha256.hex(Files.readAllBytes(i.file())) + "  ./" + i.relativeName());
        }
        Files.write(root.resolve("SHA256SUMS"), lines);
        assertThat(TestDatasets.open(root).verifyChecksums().summary()).isEqualTo("SHA256SUMS: 24 files verified");

        Path changed = TestDatasets.classDir(root, Split.TEST, BccdClasses.MONOCYTE).resolve("_2_001.png");
        TestDatasets.writePng(changed, TestDatasets.solid(new int[] {9, 9, 9}));
        Files.delete(TestDatasets.classDir(root, Split.TRAIN, BccdClasses.EOSINOPHIL).resolve("_0_000.png"));
        TestDatasets.writePng(TestDatasets.classDir(root, Split.TRAIN, BccdClasses.NEUTROPHIL).resolve("new.png"),
                TestDatasets.solid(new int[] {1, 1, 1}));
        DataCheckReport r = TestDatasets.open(root).check();
        assertThat(r.checksumMismatches()).isEqualTo(1);
        assertThat(r.checksums().mismatches()).containsExactly("TEST/MONOCYTE/_2_001.png");
        assertThat(r.checksums().missing()).containsExactly("TRAIN/EOSINOPHIL/_0_000.png");
        assertThat(r.checksums().unlisted()).containsExactly("TRAIN/NEUTROPHIL/new.png");
        assertThat(r.countsMatchPublished()).isFalse();
        assertThat(r.ok()).isFalse();
        assertThat(r.problems()).contains("counts differ from the published BCCD counts",
                "SHA256SUMS: 1 mismatches (e.g. TEST/MONOCYTE/_2_001.png), 1 listed files missing"
                        + " (e.g. TRAIN/EOSINOPHIL/_0_000.png), 1 images not listed (e.g. TRAIN/NEUTROPHIL/new.png)"
                        + " (of 23 checked)");
        assertThat(images).isDirectory();
    }

    @Test
    void withoutSha256SumsNothingIsVerified(@TempDir Path root) {
        TestDatasets.synthetic(root, 1, TestDatasets::colour);
        ChecksumReport r = TestDatasets.open(root).verifyChecksums();
        assertThat(r.present()).isFalse();
        assertThat(r.ok()).isTrue();
        assertThat(r.summary()).isEqualTo("SHA256SUMS: none (checksums not verified)");
    }
}
