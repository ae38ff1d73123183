package io.github.wbczoo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wbczoo.core.ChannelLayout;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.ImageDecoder;
import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.WbcModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** {@code ./wbc predict}'s batching: each file's row, whichever batch of 32 it fell in, and a bad file's reason on its own row. */
class PredictAllTest {
    static final Path TEST_SIMPLE = Path.of("../../shared/bccd/dataset2-master/images/TEST_SIMPLE");

    @TempDir
    Path dir;

    @Test
    void rowsLineUpWithTheirFilesAcrossBatchesWhenABadImageFallsInTheSecond() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(TEST_SIMPLE)) {
            files = new ArrayList<>(s.filter(p -> p.toString().endsWith(".jpeg")).sorted().toList());
        }
        assertThat(files).hasSize(71); // three batches of 32: 32, 32 and 7
        Path broken = Files.writeString(dir.resolve("broken.jpeg"), "not a jpeg");
        files.add(40, broken);
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(8, 8, 3)).build());
        net.init();
        WbcModel model = WbcModel.of("tiny", net, new DataConfig(8, 8, 3, ChannelLayout.FLAT, Normalization.divideBy255()));

        List<PredictCommand.Row> rows = PredictCommand.predictAll(model, files);

        assertThat(rows).extracting(PredictCommand.Row::path).containsExactlyElementsOf(files);
        assertThat(rows.get(40).prediction()).isNull();
        assertThat(rows.get(40).error()).startsWith("not an image format Java can read");
        for (int i = 0; i < files.size(); i++) {
            if (i == 40) {
                continue;
            }
            float[] alone = model.predict(List.of(ImageDecoder.read(files.get(i)))).get(0).probabilities();
            float[] batched = rows.get(i).prediction().probabilities();
            assertThat(rows.get(i).error()).isNull();
            for (int c = 0; c < alone.length; c++) {
                assertThat(batched[c]).as("%s, class %d", files.get(i), c)
                        .isCloseTo(alone[c], org.assertj.core.data.Offset.offset(1e-6f));
            }
        }
    }
}
