package io.github.wbczoo.examples.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.models.ModelBuilder;
import io.github.wbczoo.models.WbcModels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training and inference speed of one zoo architecture at its recipe's input size and batch
 * size, on synthetic input of the right shape (the data pipeline has its own benchmark): median
 * of timed iterations after warm-up, like {@code bench/pytorch_reference.py} does for PyTorch.
 *
 * <p>Usage: {@code ModelBenchmark.Result r = ModelBenchmark.run("inceptionParaB", 3, 7);}
 */
public final class ModelBenchmark {
    /** Images per batch for the inference throughput figure. */
    static final int INFER_BATCH = 32;

    private ModelBenchmark() {
    }

    /** One architecture's figures; the JSON keys are the ones the PyTorch reference prints too. */
    public record Result(@JsonProperty("model") String model,
                         @JsonProperty("trainImagesPerSec") double trainImagesPerSec,
                         @JsonProperty("inferImagesPerSec") double inferImagesPerSec,
                         @JsonProperty("latencyMsBatch1") double latencyMsBatch1,
                         @JsonProperty("gflops") double gflops,
                         @JsonProperty("inferGflops") double inferGflops,
                         @JsonProperty("peakMemoryMb") long peakMemoryMb,
                         @JsonProperty("forwardGflopsPerImage") double forwardGflopsPerImage,
                         @JsonProperty("trainableParams") long trainableParams,
                         @JsonProperty("batchSize") int batchSize,
                         @JsonProperty("inputHeight") int inputHeight,
                         @JsonProperty("inputWidth") int inputWidth,
                         @JsonProperty("threads") int threads) {
    }

    public static Result run(String name, int warmup, int runs) {
        ModelBuilder<?> builder = WbcModels.create(name);
        PeakMemory.reset();
        WbcModel model = builder.build();
        DataConfig data = model.dataConfig();
        int batch = builder.recipe().batchSize();

        DataSet trainBatch = syntheticBatch(data, batch, model.classes().size());
        INDArray inferBatch = Nd4j.rand(DataType.FLOAT, data.batchShape(INFER_BATCH));
        INDArray single = Nd4j.rand(DataType.FLOAT, data.batchShape(1));

        double trainSeconds = Timing.medianSeconds(warmup, runs, () -> model.fitBatch(trainBatch));
        double inferSeconds = Timing.medianSeconds(warmup, runs, () -> model.output(inferBatch));
        double latencySeconds = Timing.medianSeconds(warmup, runs, () -> model.output(single));
        long peak = PeakMemory.peakMb();

        double flops = FlopCounter.forwardFlopsPerImage(model.network(), data);
        double trainRate = batch / trainSeconds;
        double inferRate = INFER_BATCH / inferSeconds;
        return new Result(name, trainRate, inferRate, latencySeconds * 1e3, 3 * flops * trainRate / 1e9,
                flops * inferRate / 1e9, peak, flops / 1e9, model.trainableParams(), batch, data.height(), data.width(),
                Nd4j.getEnvironment().maxThreads());
    }

    /** Random input of the model's shape with one-hot labels cycling through the classes. */
    static DataSet syntheticBatch(DataConfig data, int batch, int classes) {
        INDArray x = Nd4j.rand(DataType.FLOAT, data.batchShape(batch));
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, classes);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, i % classes, 1f);
        }
        return new DataSet(x, y);
    }
}
