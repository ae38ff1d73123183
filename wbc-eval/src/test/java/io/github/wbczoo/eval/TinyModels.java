package io.github.wbczoo.eval;

import io.github.wbczoo.core.BatchImagePaths;
import io.github.wbczoo.core.ChannelLayout;
import io.github.wbczoo.core.ClassSet;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.WbcModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** A one-layer softmax "model" on 2x2 images and labelled batches for it: fast, real DL4J. */
final class TinyModels {
    static final DataConfig CONFIG = new DataConfig(2, 2, 3, ChannelLayout.FLAT, Normalization.divideBy255());

    private TinyModels() {
    }

    static WbcModel model(long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT)
                .list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(CONFIG.valuesPerImage())
                        .nOut(ClassSet.BCCD.size()).activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return WbcModel.of("tinySoftmax", net, CONFIG);
    }

    /** {@code n} random labelled examples in batches of {@code batch}. */
    static List<DataSet> examples(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray features = Nd4j.rand(DataType.FLOAT, n, CONFIG.valuesPerImage());
        INDArray labels = Nd4j.zeros(DataType.FLOAT, n, ClassSet.BCCD.size());
        for (int i = 0; i < n; i++) {
            labels.putScalar(i, i % ClassSet.BCCD.size(), 1f);
        }
        return new DataSet(features, labels).asList();
    }

    static DataSetIterator iterator(List<DataSet> examples, int batch) {
        return new ListDataSetIterator<>(examples, batch);
    }

    /** The image paths of {@code n} examples: {@code cell-0.jpeg}, ... */
    static List<Path> paths(int n) {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Path.of("cell-" + i + ".jpeg"));
        }
        return out;
    }

    /** An iterator that reports each batch's image paths, as the data module's test iterators do. */
    static final class PathReportingIterator extends ListDataSetIterator<DataSet> implements BatchImagePaths {
        private static final long serialVersionUID = 1L;
        private final List<Path> paths;
        private final int batch;
        private int served;
        private List<Path> last;

        PathReportingIterator(List<DataSet> examples, int batch, List<Path> paths) {
            super(examples, batch);
            this.paths = paths;
            this.batch = batch;
        }

        @Override
        public DataSet next() {
            DataSet d = super.next();
            int rows = (int) d.getFeatures().size(0);
            last = paths.subList(served, served + rows);
            served += rows;
            return d;
        }

        @Override
        public void reset() {
            super.reset();
            served = 0;
            last = null;
        }

        @Override
        public List<Path> lastBatchPaths() {
            if (last == null) {
                throw new IllegalStateException("next() has not been called since the last reset (batch size " + batch + ")");
            }
            return last;
        }
    }
}
