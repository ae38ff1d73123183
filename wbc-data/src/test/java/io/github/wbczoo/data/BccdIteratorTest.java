package io.github.wbczoo.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wbczoo.core.Augmentation;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.DataRequest;
import io.github.wbczoo.core.ImageDecoder;
import io.github.wbczoo.core.ImageResizer;
import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.SplitPolicy;
import io.github.wbczoo.core.TrainingData;
import io.github.wbczoo.core.train.KnownSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** Iterators over real images: augmentation only in training, epochs, determinism, caching. */
class BccdIteratorTest {
    private static final DataConfig CONFIG = DataConfig.rgb(60, 80, Normalization.divideBy255());
    private static CellImageDataset bccd;

    @BeforeAll
    static void open() {
        bccd = TestDatasets.openReal();
    }

    private static DataRequest request(long seed) {
        return new DataRequest(CONFIG, SplitPolicy.validationFraction(0.2), Augmentation.kerasInception(), 8, seed, 6);
    }

    /** All batches of one pass. */
    private static List<DataSet> pass(DataSetIterator it) {
        it.reset();
        List<DataSet> out = new ArrayList<>();
        while (it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }

    /** The unaugmented, divided-by-255 pixels of an image, as a flat NCHW row. */
    private static float[] plain(LabeledImage image) {
        float[] hwc = bccd.pixels(image.file(), 60, 80);
        float[] chw = new float[hwc.length];
        int plane = 60 * 80;
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                chw[c * plane + p] = hwc[p * 3 + c] / 255f;
            }
        }
        return chw;
    }

    private static float[] row(DataSet batch, int i) {
        return batch.getFeatures().slice(i).reshape(-1).toFloatVector();
    }

    @Test
    void augmentationChangesTrainingBatchesButNeverValidation() {
        TrainingData d = bccd.trainingData(request(5));
        assertThat(d.leaky()).isFalse();
        assertThat(d.description()).contains("limited to 6 training images per class")
                .endsWith("; 80x60 divide_255; augmented: rotation up to 10 degrees, shifts up to 0.10 x width,"
                        + " 0.10 x height, horizontal flips, fill nearest");
        int changed = 0;
        int trainRows = 0;
        for (DataSet batch : pass(d.train())) {
            List<LabeledImage> rows = batch.getExampleMetaData(LabeledImage.class);
            for (int i = 0; i < rows.size(); i++) {
                trainRows++;
                changed += java.util.Arrays.equals(row(batch, i), plain(rows.get(i))) ? 0 : 1;
            }
        }
        assertThat(trainRows).isEqualTo(24);
        assertThat(changed).isEqualTo(24);
        for (int epoch = 0; epoch < 2; epoch++) {
            for (DataSet batch : pass(d.validation())) {
                List<LabeledImage> rows = batch.getExampleMetaData(LabeledImage.class);
                for (int i = 0; i < rows.size(); i++) {
                    assertThat(row(batch, i)).as("validation %s", rows.get(i)).containsExactly(plain(rows.get(i)));
                }
            }
        }
        // Test iterators are never augmented either.
        DataSet test = bccd.iterator(Split.TEST_SIMPLE, d.dataConfig(), 4).next();
        assertThat(row(test, 0)).containsExactly(plain(test.getExampleMetaData(LabeledImage.class).get(0)));
    }

    @Test
    void aTrainingRowIsTheKerasTransformDrawnForThatImageAndEpochThenNormalised() {
        BccdIterator train = (BccdIterator) bccd.trainingData(request(5)).train();
        pass(train);
        DataSet batch = pass(train).get(1); // epoch 1, second batch
        LabeledImage image = batch.getExampleMetaData(LabeledImage.class).get(2);
        int index = train.images().indexOf(image);
        float[] hwc = Augmenter.augment(bccd.rawPixels(image.file(), 60, 80), 60, 80, Augmentation.kerasInception(),
                Augmenter.randomFor(5, 1, index));
        float[] row = row(batch, 2);
        int plane = 60 * 80;
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                assertThat(row[c * plane + p]).isEqualTo(hwc[p * 3 + c] / 255f);
            }
        }
    }

    @Test
    void eachEpochHasAFreshOrderAndFreshAugmentation() {
        DataSetIterator train = bccd.trainingData(request(5)).train();
        List<DataSet> first = pass(train);
        List<DataSet> second = pass(train);
        assertThat(((BccdIterator) train).epoch()).isEqualTo(1);
        assertThat(order(second)).isNotEqualTo(order(first)).containsExactlyInAnyOrderElementsOf(order(first));
        LabeledImage image = first.get(0).getExampleMetaData(LabeledImage.class).get(0);
        assertThat(rowOf(second, image)).isNotEqualTo(rowOf(first, image));
    }

    @Test
    void theSameSeedGivesTheSameBatchesAndAnotherSeedDoesNot() {
        DataSetIterator a = bccd.trainingData(request(11)).train();
        DataSetIterator b = bccd.trainingData(request(11)).train();
        for (int epoch = 0; epoch < 2; epoch++) {
            List<DataSet> pa = pass(a);
            List<DataSet> pb = pass(b);
            assertThat(order(pb)).isEqualTo(order(pa));
            for (int i = 0; i < pa.size(); i++) {
                assertThat(pb.get(i).getFeatures()).isEqualTo(pa.get(i).getFeatures());
                assertThat(pb.get(i).getLabels()).isEqualTo(pa.get(i).getLabels());
            }
        }
        List<DataSet> other = pass(bccd.trainingData(request(12)).train());
        assertThat(other.get(0).getFeatures()).isNotEqualTo(pass(bccd.trainingData(request(11)).train()).get(0).getFeatures());
    }

    @Test
    void prefetchingDoesNotChangeTheBatches() {
        List<LabeledImage> images = bccd.splits(SplitPolicy.validationFraction(0.2), 3).limitPerClass(5).train();
        BccdIterator eager = bccd.iteratorBuilder(images, CONFIG).batchSize(6).shuffle(3)
                .augmentation(Augmentation.kerasInception()).prefetch(0).build();
        BccdIterator ahead = bccd.iteratorBuilder(images, CONFIG).batchSize(6).shuffle(3)
                .augmentation(Augmentation.kerasInception()).prefetch(8).build();
        for (int epoch = 0; epoch < 2; epoch++) {
            List<DataSet> x = pass(eager);
            List<DataSet> y = pass(ahead);
            assertThat(y).hasSize(x.size());
            for (int i = 0; i < x.size(); i++) {
                assertThat(y.get(i).getFeatures()).isEqualTo(x.get(i).getFeatures());
            }
        }
    }

    @Test
    void recycledBatchesGiveTheSameBatchesInReusedMemory() {
        List<LabeledImage> images = bccd.splits(SplitPolicy.validationFraction(0.2), 3).limitPerClass(5).train();
        BccdIterator keeping = bccd.iteratorBuilder(images, CONFIG).batchSize(6).shuffle(3)
                .augmentation(Augmentation.kerasInception()).build();
        BccdIterator recycling = bccd.iteratorBuilder(images, CONFIG).batchSize(6).shuffle(3)
                .augmentation(Augmentation.kerasInception()).prefetch(8).build();
        java.util.Set<INDArray> arrays = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        int batches = 0;
        for (int epoch = 0; epoch < 3; epoch++) {
            List<DataSet> expected = pass(keeping);
            recycling.reset();
            for (DataSet want : expected) {
                DataSet got = recycling.next();
                assertThat(got.getFeatures()).isEqualTo(want.getFeatures());
                arrays.add(got.getFeatures());
                batches++;
                recycling.recycle(got);
                assertThat(got.getFeatures()).as("a recycled batch's features are unset").isNull();
            }
        }
        // three batches of 6 and one of 2 per pass: the first pass's arrays (all built ahead) serve the later passes
        assertThat(batches).isEqualTo(12);
        assertThat(arrays).hasSize(4);

        keeping.reset();
        DataSet foreign = keeping.next();
        recycling.recycle(foreign); // not its own: ignored
        assertThat(foreign.getFeatures()).isNotNull();
    }

    @Test
    void resetBeforeTheFirstBatchDoesNotSkipAnEpochAndSizesAreKnown() {
        BccdIterator it = bccd.iteratorBuilder(bccd.images(Split.TEST_SIMPLE), CONFIG).batchSize(16).shuffle(1).build();
        it.reset();
        it.reset();
        assertThat(it.epoch()).isZero();
        assertThat(((KnownSize) it).imagesPerEpoch()).isEqualTo(71);
        assertThat(it.batchesPerEpoch()).isEqualTo(5);
        List<DataSet> batches = pass(it);
        assertThat(batches).extracting(DataSet::numExamples).containsExactly(16, 16, 16, 16, 7);
        assertThat(it.epoch()).isZero();
        pass(it);
        assertThat(it.epoch()).isEqualTo(1);
        assertThat(it.inputColumns()).isEqualTo(60 * 80 * 3);
        assertThat(it.totalOutcomes()).isEqualTo(4);
        assertThat(it.asyncSupported()).isFalse();
        assertThatThrownBy(() -> it.next(3)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("BccdIterator makes batches of 16 images; build it with batchSize(3) instead");
    }

    @Test
    void evaluationIteratorsKeepTheFileOrderAndNameEveryRow() {
        BccdIterator it = bccd.iterator(Split.TEST_SIMPLE, CONFIG, 32);
        List<LabeledImage> seen = new ArrayList<>();
        for (int epoch = 0; epoch < 2; epoch++) {
            seen.clear();
            pass(it).forEach(b -> seen.addAll(b.getExampleMetaData(LabeledImage.class)));
            assertThat(seen).isEqualTo(bccd.images(Split.TEST_SIMPLE)).isEqualTo(it.images());
        }
        assertThat(seen.get(0).file()).isAbsolute().exists();
        it.reset();
        assertThatThrownBy(it::lastBatchPaths).isInstanceOf(IllegalStateException.class)
                .hasMessage("No batch taken since the last reset: call next() first");
        DataSet first = it.next();
        assertThat(it.lastBatchPaths()).hasSize(32).isEqualTo(first.getExampleMetaData(LabeledImage.class).stream()
                .map(LabeledImage::file).toList());
        assertThat(it).isInstanceOf(io.github.wbczoo.core.BatchImagePaths.class);
    }

    @Test
    void limitPerClassAndFlatLayout() {
        BccdIterator it = bccd.iteratorBuilder(bccd.images(Split.TRAIN), CONFIG.withLayout(io.github.wbczoo.core.ChannelLayout.FLAT))
                .limitPerClass(3).batchSize(100).build();
        DataSet batch = pass(it).get(0);
        assertThat(batch.getFeatures().shape()).containsExactly(12, 14_400);
        assertThat(SplitPlan.countByClass(batch.getExampleMetaData(LabeledImage.class)).values()).containsOnly(3);
    }

    @Test
    void pixelsAreBitIdenticalToWhatPredictionDecodesAndResizes() {
        // WbcModel.predict(Path) = ImageResizer.resizeRgb(ImageDecoder.read(file), h, w), then InputTensors.
        for (LabeledImage image : bccd.images(Split.TEST_SIMPLE).subList(0, 20)) {
            float[] prediction = ImageResizer.resizeRgb(ImageDecoder.read(image.file()), 60, 80);
            assertThat(bccd.pixels(image.file(), 60, 80)).as("%s", image.file()).containsExactly(prediction);
        }
    }

    @Test
    void eachFileIsDecodedOncePerSizeAcrossEpochsAndIterators(@TempDir Path cacheDir) throws Exception {
        CellImageDataset fresh = CellImageDataset.builder(TestDatasets.REAL).memoryCache(new PixelCache(64L << 20))
                .diskCache(cacheDir).open();
        List<LabeledImage> images = fresh.images(Split.TEST_SIMPLE);
        BccdIterator a = fresh.iteratorBuilder(images, CONFIG).shuffle(1).augmentation(Augmentation.kerasInception()).build();
        pass(a);
        pass(a);
        pass(fresh.iterator(images, CONFIG, 10));
        // TEST_SIMPLE holds two pairs of byte-identical files: each twin is found in the disk cache by content.
        assertThat(fresh.decodes()).isEqualTo(69);
        assertThat(fresh.diskCache().orElseThrow().hits()).isEqualTo(2);
        assertThat(fresh.memoryCache().size()).isEqualTo(71);
        assertThat(fresh.memoryCache().bytesUsed()).isEqualTo(71L * 60 * 80 * 3);
        try (Stream<Path> files = Files.walk(cacheDir)) {
            assertThat(files.filter(p -> p.toString().endsWith(".rgb"))).hasSize(69);
        }
        // A new process (fresh memory cache) reads the disk cache instead of decoding, and gets the same pixels.
        CellImageDataset second = CellImageDataset.builder(TestDatasets.REAL).memoryCache(new PixelCache(64L << 20))
                .diskCache(cacheDir).open();
        assertThat(second.preload(images, 60, 80)).isEqualTo(71);
        assertThat(second.decodes()).isZero();
        assertThat(second.diskCache().orElseThrow().hits()).isEqualTo(71);
        assertThat(second.pixels(images.get(5).file(), 60, 80)).containsExactly(fresh.pixels(images.get(5).file(), 60, 80));
    }

    @Test
    void aFullMemoryCacheStillServesImages() {
        CellImageDataset tiny = CellImageDataset.builder(TestDatasets.REAL).memoryCache(new PixelCache(3 * 60 * 80 * 3)).noDiskCache().open();
        List<LabeledImage> images = tiny.images(Split.TEST_SIMPLE).subList(0, 10);
        assertThat(tiny.preload(images, 60, 80)).isEqualTo(10);
        assertThat(tiny.memoryCache().size()).isEqualTo(3);
        assertThat(tiny.preload(images, 60, 80)).isEqualTo(10);
        assertThat(tiny.decodes()).isEqualTo(17); // 10, then the 7 that did not fit again
    }

    @Test
    void theDiskCacheMayNotLieInsideTheDataset() {
        assertThatThrownBy(() -> CellImageDataset.builder(TestDatasets.REAL).diskCache(TestDatasets.REAL.resolve("cache")).open())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The disk cache folder " + TestDatasets.REAL.resolve("cache") + " lies inside the dataset "
                        + TestDatasets.REAL + ", which must stay read-only: choose a cache folder elsewhere");
    }

    private static List<String> order(List<DataSet> batches) {
        List<String> names = new ArrayList<>();
        batches.forEach(b -> b.getExampleMetaData(LabeledImage.class).forEach(i -> names.add(i.relativeName())));
        return names;
    }

    private static float[] rowOf(List<DataSet> batches, LabeledImage image) {
        for (DataSet b : batches) {
            List<LabeledImage> rows = b.getExampleMetaData(LabeledImage.class);
            int i = rows.indexOf(image);
            if (i >= 0) {
                return row(b, i);
            }
        }
        throw new AssertionError(image + " not in the pass");
    }
}
