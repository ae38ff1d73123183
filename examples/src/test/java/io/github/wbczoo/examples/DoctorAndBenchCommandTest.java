package io.github.wbczoo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wbczoo.core.Json;
import org.junit.jupiter.api.Test;

class DoctorAndBenchCommandTest {

    @Test
    void doctorJsonSaysOneDnnHelpersAreActive() throws Exception {
        CliRunner.Result r = CliRunner.run("doctor", "--json");
        assertThat(r.exitCode()).isZero();
        JsonNode json = Json.mapper().readTree(r.out());
        assertThat(json.get("backend").asText()).isEqualTo("CPU");
        assertThat(json.get("onednnHelpersActive").asBoolean()).isTrue();
        assertThat(json.get("threads").asInt()).isPositive();
        assertThat(json.get("dl4jVersion").asText()).isEqualTo("1.0.0-M2.1");
    }

    @Test
    void benchConvReportsBothPathsAndTheirRatio() throws Exception {
        CliRunner.Result r = CliRunner.run("bench", "conv", "--json", "--runs", "1", "--warmup", "0");
        assertThat(r.exitCode()).isZero();
        JsonNode json = Json.mapper().readTree(r.out());
        for (String path : new String[] {"helpersOn", "helpersOff"}) {
            assertThat(json.get(path).get("forwardGflops").asDouble()).isPositive();
            assertThat(json.get(path).get("trainGflops").asDouble()).isPositive();
        }
        double ratio = json.get("forwardRatio").asDouble();
        assertThat(ratio).isCloseTo(json.get("helpersOn").get("forwardGflops").asDouble()
                / json.get("helpersOff").get("forwardGflops").asDouble(), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void badArgumentsGiveExitCode2AndOneLine() {
        CliRunner.Result r = CliRunner.run("doctor", "--bogus");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("wbc doctor: unknown option '--bogus' (see: wbc doctor --help)");

        CliRunner.Result bad = CliRunner.run("bench", "conv", "--runs", "0");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("wbc bench conv: --runs must be positive and --warmup non-negative, got 0 and 3");
        assertThat(CliRunner.run("frobnicate").exitCode()).isEqualTo(2);
    }
}
