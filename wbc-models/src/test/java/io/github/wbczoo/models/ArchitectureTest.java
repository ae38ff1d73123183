package io.github.wbczoo.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wbczoo.core.TrainableParams;
import io.github.wbczoo.core.WbcModel;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The structure behind the counts: readable layer names, where batch norm and dropout sit, how
 * the residual adds and the towers are wired, and that asymmetric kernels are aligned the way
 * PyTorch's padding aligns them.
 */
class ArchitectureTest {

    @Test
    void myCnnFlattensAsThePaperSays() {
        // "flatten 1280" (v0), 16>64>256>5120 (v1, the paper's "5210" is a typo), 128 with a fourth stage, 19200 (v20)
        assertThat(WbcModels.myCnn(MyCnn.V0).flattenSize()).isEqualTo(1280);
        assertThat(WbcModels.myCnn(MyCnn.V1).flattenSize()).isEqualTo(5120);
        assertThat(WbcModels.myCnn(MyCnn.V2).flattenSize()).isEqualTo(640);
        assertThat(WbcModels.myCnn(MyCnn.V3).flattenSize()).isEqualTo(128);
        assertThat(WbcModels.myCnn(MyCnn.V8).flattenSize()).isEqualTo(512);
        assertThat(WbcModels.myCnn(MyCnn.V20).flattenSize()).isEqualTo(19200);
    }

    @Test
    void myCnnLayersHaveReadableNamesAndTheResidualAddsTheStageInput() {
        ComputationGraphConfiguration conf = graph(WbcModels.myCnn(MyCnn.V0).build()).getConfiguration();
        assertThat(conf.getVertices().keySet()).contains("stage1_conv", "stage1_pool", "stage1_res_conv1", "stage1_res_conv2",
                "stage1_res_add", "stage1_res_relu", "stage3_res_relu", "fc1", "head");
        assertThat(conf.getVertexInputs().get("stage2_res_add")).containsExactly("stage2_pool", "stage2_res_conv2");
        assertThat(conf.getVertexInputs().get("stage2_conv")).containsExactly("stage1_res_relu");
        assertThat(conf.getVertexInputs().get("fc1")).containsExactly("stage3_res_relu");
        assertThat(conf.getVertices()).doesNotContainKeys("stage1_bn", "stage1_res_bn1", "fc1_dropout", "stage4_conv");
    }

    @Test
    void myCnnResidualBlockComputesReluOfInputPlusBlock() {
        WbcModel model = WbcModels.myCnn(MyCnn.V0).inputSize(48, 64).build();
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 3, 48, 64);
        Map<String, INDArray> a = graph(model).feedForward(x, false);

        // block = conv1 -> ReLU -> conv2 (no ReLU after the last), out = ReLU(pool + block)
        INDArray block = a.get("stage1_res_conv2");
        assertThat(block.minNumber().doubleValue()).as("no ReLU after the block's last conv").isLessThan(0);
        assertThat(a.get("stage1_res_conv1").minNumber().doubleValue()).as("ReLU between block convs").isEqualTo(0.0);
        INDArray expected = Transforms.relu(a.get("stage1_pool").add(block));
        assertThat(a.get("stage1_res_relu").equalsWithEps(expected, 1e-6)).isTrue();
    }

    @Test
    void myCnnBatchNormAndDropoutSitWhereTheChangelogSays() {
        assertThat(vertices(MyCnn.V14)).contains("stage1_bn", "stage4_bn").doesNotContain("stage1_res_bn1");
        assertThat(vertices(MyCnn.V15)).contains("stage1_bn", "stage1_res_bn1", "stage4_res_bn2");
        assertThat(vertices(MyCnn.V16)).contains("stage1_res_bn1", "stage4_res_bn2").doesNotContain("stage1_bn");
        assertThat(vertices(MyCnn.V17)).contains("fc1_dropout", "head_dropout");

        ComputationGraphConfiguration v14 = graph(WbcModels.myCnn(MyCnn.V14).build()).getConfiguration();
        assertThat(v14.getVertexInputs().get("stage1_bn")).containsExactly("stage1_conv");
        assertThat(v14.getVertexInputs().get("stage1_pool")).containsExactly("stage1_bn");
        ComputationGraphConfiguration v16 = graph(WbcModels.myCnn(MyCnn.V16).build()).getConfiguration();
        assertThat(v16.getVertexInputs().get("stage1_res_add")).containsExactly("stage1_pool", "stage1_res_bn2");

        // DL4J's Dropout takes the probability of keeping an activation.
        assertThat(dropout(WbcModels.myCnn(MyCnn.V18).build(), "head_dropout")).isEqualTo(0.5);
        assertThat(dropout(WbcModels.myCnn(MyCnn.V18).dropout(0.2).build(), "fc1_dropout")).isEqualTo(0.8);
    }

    @Test
    void asymmetricVariantsChangeOnlyStageOne() {
        ComputationGraphConfiguration v10 = graph(WbcModels.myCnn(MyCnn.V10).build()).getConfiguration();
        assertKernel(v10, "stage1_res_conv1", 1, 3, 0, 1);
        assertKernel(v10, "stage1_res_conv2", 3, 1, 1, 0);
        assertKernel(v10, "stage2_res_conv1", 3, 3, 1, 1);
        ComputationGraphConfiguration v12 = graph(WbcModels.myCnn(MyCnn.V12).build()).getConfiguration();
        assertKernel(v12, "stage1_res_conv1", 1, 3, 0, 1);
        assertKernel(v12, "stage1_res_conv2", 3, 3, 1, 1);
        assertKernel(v12, "stage1_res_conv3", 3, 1, 1, 0);
        assertThat(v12.getVertices()).doesNotContainKey("stage2_res_conv3");
        ComputationGraphConfiguration v13 = graph(WbcModels.myCnn(MyCnn.V13).build()).getConfiguration();
        assertThat(v13.getVertexInputs().get("stage1_res_conv1"))
                .containsExactly("stage1_res_conv1_3x3", "stage1_res_conv1_1x3", "stage1_res_conv1_3x1");
        assertThat(v13.getVertices()).doesNotContainKey("stage2_res_conv1_1x3");
    }

    /**
     * ACNet's defining property: with PyTorch's padding, the 1x3 and 3x1 kernels sit on the middle
     * row and column of the 3x3 one, so the ACB equals one 3x3 conv whose kernel is the sum of the
     * three (and whose bias is the sum of the biases). A misaligned padding would break this.
     */
    @Test
    void acbEqualsOneConvWithTheFusedKernel() {
        WbcModel model = WbcModels.myCnn(MyCnn.V13).inputSize(180, 180).build();
        ComputationGraph g = graph(model);
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 3, 180, 180);
        INDArray acb = g.feedForward(x, false).get("stage1_res_conv1").dup();

        INDArray w3 = g.getLayer("stage1_res_conv1_3x3").getParam("W");  // [out, in, 3, 3]
        INDArray w13 = g.getLayer("stage1_res_conv1_1x3").getParam("W"); // [out, in, 1, 3]
        INDArray w31 = g.getLayer("stage1_res_conv1_3x1").getParam("W"); // [out, in, 3, 1]
        w3.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(1), NDArrayIndex.all())
                .addi(w13.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all()));
        w3.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(1))
                .addi(w31.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(0)));
        g.getLayer("stage1_res_conv1_3x3").getParam("b")
                .addi(g.getLayer("stage1_res_conv1_1x3").getParam("b"))
                .addi(g.getLayer("stage1_res_conv1_3x1").getParam("b"));
        for (String branch : List.of("stage1_res_conv1_1x3", "stage1_res_conv1_3x1")) {
            g.getLayer(branch).params().assign(0);
        }
        INDArray fused = g.feedForward(x, false).get("stage1_res_conv1");

        assertThat(acb.sub(fused).amaxNumber().doubleValue()).isLessThan(1e-4 * acb.amaxNumber().doubleValue());
    }

    @Test
    void resNetBlocksProjectOnlyWhereTheShapeChanges() {
        ComputationGraph g = graph(WbcModels.resNet18().inputSize(64, 64).build());
        ComputationGraphConfiguration conf = g.getConfiguration();
        assertThat(conf.getVertices().keySet()).contains("stem_conv", "stem_bn", "stem_pool", "stage2_block1_shortcut_conv",
                "stage4_block2_relu", "pool", "head");
        for (String absent : List.of("stage1_block1_shortcut_conv", "stage2_block2_shortcut_conv", "stage4_block2_shortcut_conv")) {
            assertThat(conf.getVertices()).doesNotContainKey(absent);
        }
        assertThat(conf.getVertexInputs().get("stage1_block2_add")).containsExactly("stage1_block2_bn2", "stage1_block1_relu");
        assertThat(conf.getVertexInputs().get("stage3_block1_add"))
                .containsExactly("stage3_block1_bn2", "stage3_block1_shortcut_bn");
        // torchvision convs have no bias: weights only
        assertThat(g.getLayer("stage2_block1_conv1").numParams()).isEqualTo(64L * 128 * 9);
        assertThat(g.getLayer("stage2_block1_shortcut_conv").numParams()).isEqualTo(64L * 128);
        assertKernel(conf, "stem_conv", 7, 7, 3, 3);
    }

    @Test
    void inceptionTowersAreNamedAndConcatenated() {
        ComputationGraphConfiguration towers = graph(WbcModels.inceptionTowers5().build()).getConfiguration();
        assertThat(towers.getVertexInputs().get("concat"))
                .containsExactly("towerA_1x1", "towerB_3x3", "towerC_3x3_2", "towerD_3x3_3", "towerE_1x1");
        assertThat(towers.getVertexInputs().get("towerE_pool")).containsExactly("input");

        ComputationGraph paraB = graph(WbcModels.inceptionParaB().build());
        ComputationGraphConfiguration conf = paraB.getConfiguration();
        assertThat(conf.getVertexInputs().get("block1_towerA_1x1")).containsExactly("stem_3x3_2");
        assertThat(conf.getVertexInputs().get("block2_towerA_1x1")).containsExactly("block1_concat");
        assertThat(conf.getVertexInputs().get("pool")).containsExactly("block2_concat");
        assertThat(((ConvolutionLayer) layer(conf, "block2_towerB_1x1")).getNIn()).isEqualTo(192);

        ComputationGraphConfiguration factorized = graph(WbcModels.inceptionFactorized().build()).getConfiguration();
        assertThat(factorized.getVertexInputs().get("block1_towerA_split"))
                .containsExactly("block1_towerA_split_1x3", "block1_towerA_split_3x1");
        assertThat(factorized.getVertexInputs().get("block1_towerA_split_1x3")).containsExactly("block1_towerA_3x1");
        assertKernel(factorized, "block1_towerA_1x3", 1, 3, 0, 0);
        assertThat(factorized.getVertexInputs().get("block1_concat"))
                .containsExactly("block1_towerA_split", "block1_towerB_split", "block1_towerC_1x1");

        ComputationGraphConfiguration bottleneck = graph(WbcModels.inceptionBottleneck(7).build()).getConfiguration();
        assertThat(bottleneck.getVertices().keySet()).contains("bottleneck_1x1", "bottleneck_3x3_1", "bottleneck_3x3_3");
    }

    @Test
    void inceptionKeepsTheSpatialSizeUntilTheHead() {
        ComputationGraph g = graph(WbcModels.inceptionParaA().build());
        Map<String, INDArray> a = g.feedForward(Nd4j.rand(DataType.FLOAT, 1, 3, 60, 80), false);
        assertThat(a.get("block1_concat").shape()).containsExactly(1, 192, 60, 80);
        assertThat(a.get("pool").shape()).containsExactly(1, 192, 60, 80);
    }

    @Test
    void freezingByNameWithDl4jsTransferLearningKeepsTheNamedStageUnchangedInTraining() {
        WbcModel model = WbcModels.myCnn(MyCnn.V0).build();
        ComputationGraph frozen = new TransferLearning.GraphBuilder(graph(model))
                .setFeatureExtractor("stage1_res_relu")
                .build();
        // stage 1 of v0: conv(3,16) 448 + 2 x conv(16,16) 2,320 = 5,088
        assertThat(TrainableParams.count(frozen)).isEqualTo(285_060L - 5_088L);

        // One real training step: the layers up to the named one keep their values, the others move.
        org.nd4j.linalg.dataset.DataSet batch = BccdImages.dataSet(BccdImages.images("TRAIN", 1, 0),
                model.dataConfig().withNormalization(io.github.wbczoo.core.Normalization.divideBy255()));
        java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray> before = new java.util.HashMap<>();
        frozen.paramTable().forEach((k, v) -> before.put(k, v.dup()));
        frozen.fit(new org.nd4j.linalg.dataset.MultiDataSet(new org.nd4j.linalg.api.ndarray.INDArray[] {batch.getFeatures()},
                new org.nd4j.linalg.api.ndarray.INDArray[] {batch.getLabels()}));
        java.util.Set<String> stage1 = new java.util.HashSet<>();
        for (String key : before.keySet()) {
            String layerName = key.substring(0, key.lastIndexOf('_'));
            boolean unchanged = frozen.getParam(key).equals(before.get(key));
            if (layerName.startsWith("stage1")) {
                stage1.add(layerName);
                assertThat(unchanged).as("%s is frozen", key).isTrue();
            } else if (key.endsWith("_W")) {
                assertThat(unchanged).as("%s trains", key).isFalse();
            }
        }
        assertThat(stage1).as("the frozen stage has its three convolutions").hasSizeGreaterThanOrEqualTo(3);
    }

    private static ComputationGraph graph(WbcModel model) {
        return (ComputationGraph) model.network();
    }

    private static java.util.Set<String> vertices(MyCnn.Variant v) {
        return graph(WbcModels.myCnn(v).build()).getConfiguration().getVertices().keySet();
    }

    private static Layer layer(ComputationGraphConfiguration conf, String name) {
        return ((LayerVertex) conf.getVertices().get(name)).getLayerConf().getLayer();
    }

    private static double dropout(WbcModel model, String layerName) {
        DropoutLayer d = (DropoutLayer) layer(graph(model).getConfiguration(), layerName);
        return ((Dropout) d.getIDropout()).getP();
    }

    private static void assertKernel(ComputationGraphConfiguration conf, String name, int kh, int kw, int ph, int pw) {
        ConvolutionLayer c = (ConvolutionLayer) layer(conf, name);
        assertThat(c.getKernelSize()).as("kernel of %s", name).containsExactly(kh, kw);
        assertThat(c.getPadding()).as("padding of %s", name).containsExactly(ph, pw);
    }
}
