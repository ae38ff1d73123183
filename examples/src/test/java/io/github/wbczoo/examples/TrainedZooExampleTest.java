package io.github.wbczoo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The trained-zoo example prints each shipped model and the two together, on both test splits. */
class TrainedZooExampleTest {
    @Test
    void printsEachShippedModelAndTheirMeanOnBothSplits() {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            TrainedZooExample.main(new String[] {"../../shared/bccd"});
        } finally {
            System.setOut(saved);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out.lines().toList()).hasSize(6);
        assertThat(out).contains("myCnn.v9 ", "inceptionBottleneck7 ")
                .containsPattern("myCnn\\.v9\\+inceptionBottleneck7 \\(mean\\) +TEST_SIMPLE +64/71 +right  accuracy  90\\.1% "
                        + "\\(\\d+\\.\\d-\\d+\\.\\d% by cell\\)")
                .containsPattern("myCnn\\.v9 +TEST +2121/2487 right");
    }
}
