package io.github.wbczoo.models;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.hdf5.DataSet;
import org.bytedeco.hdf5.DataSpace;
import org.bytedeco.hdf5.DataType;
import org.bytedeco.hdf5.Group;
import org.bytedeco.hdf5.H5File;
import org.bytedeco.hdf5.PredType;
import org.bytedeco.hdf5.global.hdf5;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Writes VGG16 weight files laid out as Keras saves them, for the loading tests (the real ImageNet
 * file cannot be downloaded here): one group per layer ({@code block1_conv1}, ..., pools as empty
 * groups), each convolution holding a (3, 3, in, out) kernel and an (out) bias in float32. Two
 * naming styles: the original notop file's {@code block1_conv1_W_1:0}/{@code block1_conv1_b_1:0}
 * directly in the layer group, and later Keras' {@code block1_conv1/kernel:0} in a subgroup.
 *
 * <p>Usage: {@code Map<String, float[][]> written = KerasVgg16H5.write(file, KerasVgg16H5.Naming.NOTOP, 7);}
 */
final class KerasVgg16H5 {
    /** How Keras named the datasets. */
    enum Naming {
        NOTOP,
        NESTED
    }

    private KerasVgg16H5() {
    }

    /** Kernel (Keras layout, row-major) and bias values per layer, as written. */
    record LayerValues(long[] kernelShape, float[] kernel, float[] bias) {
        /** The kernel as DL4J holds it: (out, in, h, w). */
        INDArray dl4jKernel() {
            return Nd4j.create(kernel, kernelShape, 'c').permute(3, 2, 0, 1).dup('c');
        }
    }

    /** A full VGG16 base with seeded random values. */
    static Map<String, LayerValues> write(Path file, Naming naming, long seed) {
        Map<String, LayerValues> values = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (Vgg16Weights.Conv c : Vgg16Weights.CONVS) {
            long[] shape = {3, 3, c.in(), c.out()};
            values.put(c.name(), new LayerValues(shape, randoms(random, 9 * c.in() * c.out(), 0.05f),
                    randoms(random, c.out(), 0.1f)));
        }
        write(file, naming, values, Vgg16.BASE_LAYERS);
        return values;
    }

    /** Exactly these layers (pools or convolutions named in {@code layerOrder} without values become empty groups). */
    static void write(Path file, Naming naming, Map<String, LayerValues> values, List<String> layerOrder) {
        Loader.load(hdf5.class);
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            H5File h5 = new H5File(file.toString(), hdf5.H5F_ACC_TRUNC());
            try {
                for (String layer : layerOrder) {
                    Group g = h5.createGroup(layer);
                    LayerValues v = values.get(layer);
                    if (v != null) {
                        Group target = naming == Naming.NESTED ? g.createGroup(layer) : g;
                        String kernelName = naming == Naming.NESTED ? "kernel:0" : layer + "_W_1:0";
                        String biasName = naming == Naming.NESTED ? "bias:0" : layer + "_b_1:0";
                        dataset(target, kernelName, v.kernelShape(), v.kernel());
                        dataset(target, biasName, new long[] {v.bias().length}, v.bias());
                        if (target != g) {
                            target.close();
                            target.deallocate();
                        }
                    }
                    g.close();
                    g.deallocate();
                }
            } finally {
                h5.close();
                h5.deallocate();
            }
        }
    }

    private static void dataset(Group g, String name, long[] shape, float[] data) {
        DataType type = new DataType(PredType.NATIVE_FLOAT());
        DataSpace space = new DataSpace(shape.length, shape);
        DataSet ds = g.createDataSet(name, type, space);
        try (FloatPointer p = new FloatPointer(data)) {
            ds.write(p, type);
        }
        // HDF5 is not thread-safe: every object is destroyed here, under the lock, rather than later by
        // JavaCPP's deallocator thread while another test reads a file (a JVM crash in H5CX_* seen once).
        ds.close();
        ds.deallocate();
        space.close();
        space.deallocate();
        type.close();
        type.deallocate();
    }

    private static float[] randoms(SplittableRandom random, int n, float scale) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        }
        return out;
    }
}
