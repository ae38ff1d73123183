package io.github.wbczoo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wbczoo.core.Json;
import io.github.wbczoo.models.WbcModels;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelsCommandTest {

    @Test
    void jsonListsEveryRegisteredModelWithPaperSizeAndCount() throws Exception {
        CliRunner.Result r = CliRunner.run("models", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode list = Json.mapper().readTree(r.out());
        assertThat(list.isArray()).isTrue();
        Map<String, JsonNode> byName = new HashMap<>();
        list.forEach(m -> byName.put(m.get("name").asText(), m));
        assertThat(byName.keySet()).containsExactlyInAnyOrderElementsOf(WbcModels.names());

        JsonNode paraB = byName.get("inceptionParaB");
        assertThat(paraB.get("paper").asText()).isEqualTo("Chen & Zhu");
        assertThat(paraB.get("inputHeight").asInt()).isEqualTo(60);
        assertThat(paraB.get("inputWidth").asInt()).isEqualTo(80);
        assertThat(paraB.get("trainableParams").asLong()).isEqualTo(3_996_228L);
        assertThat(byName.get("resNet18").get("trainableParams").asLong()).isEqualTo(11_178_564L);
        assertThat(byName.get("myCnn.v9").get("trainableParams").asLong()).isEqualTo(753_780L);
        assertThat(byName.get("autoencoder.v1").get("trainableParams").asLong()).isEqualTo(472_354_436L);
        assertThat(byName.get("autoencoder.v1").get("recipe").asText()).contains("320x240", "Adam", "batch 4");
        // the trained weights on the CLI's class path (wbc-pretrained) are marked; other names have none
        assertThat(byName.get("myCnn.v9").get("pretrained").asBoolean()).isTrue();
        assertThat(byName.get("resNet18").get("pretrained").asBoolean()).isFalse();
    }

    @Test
    void tableHasOneRowPerModel() {
        CliRunner.Result r = CliRunner.run("models");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("inceptionParaB", "3,996,228", "80x60", "myCnn.v0", "285,060", "320x240");
        assertThat(r.out().lines().filter(l -> l.startsWith("myCnn.v"))).hasSize(21);
        assertThat(r.out()).contains(WbcModels.names().size() + " models.");
    }
}
