package io.github.wbczoo.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Pretrained weights for the 13 convolutions of the VGG16 base, from a file the user supplies
 * (nothing is downloaded):
 * <ul>
 *   <li>Keras' {@code vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5} (or the full file with
 *       the top; the top is ignored), read with DL4J's Keras import ({@link Hdf5Archive}). Each
 *       layer group {@code block1_conv1} ... holds a 4-D kernel (height, width, in, out) and a 1-D
 *       bias, under whatever dataset names the Keras version used ({@code block1_conv1_W_1:0} or
 *       {@code block1_conv1/kernel:0}); kernels are transposed to DL4J's (out, in, height, width).
 *       Only TensorFlow ordering is supported, as Keras has shipped since 2017.</li>
 *   <li>A DL4J model zip ({@code ModelSerializer}, e.g. the DL4J zoo's VGG16, or a zoo model
 *       saved by wbc-zoo): its convolution layers named {@code block1_conv1} ..., or else its first
 *       13 plain convolutions in network order.</li>
 * </ul>
 * Every shape is checked against VGG16 before anything is copied; a mismatch fails naming the
 * layer, the shape found and the shape needed.
 *
 * <p>Usage: {@code String source = Vgg16Weights.load(Path.of("vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5"), network);}
 */
final class Vgg16Weights {
    /** One 3x3 convolution of the VGG16 base. */
    record Conv(String name, int in, int out) {
    }

    /** The base's convolutions in order, with Keras' layer names. */
    static final List<Conv> CONVS = List.of(
            new Conv("block1_conv1", 3, 64), new Conv("block1_conv2", 64, 64),
            new Conv("block2_conv1", 64, 128), new Conv("block2_conv2", 128, 128),
            new Conv("block3_conv1", 128, 256), new Conv("block3_conv2", 256, 256), new Conv("block3_conv3", 256, 256),
            new Conv("block4_conv1", 256, 512), new Conv("block4_conv2", 512, 512), new Conv("block4_conv3", 512, 512),
            new Conv("block5_conv1", 512, 512), new Conv("block5_conv2", 512, 512), new Conv("block5_conv3", 512, 512));

    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final byte[] ZIP_SIGNATURE = {'P', 'K', 3, 4};

    /** Kernel in DL4J layout (out, in, 3, 3) and bias (out). */
    record ConvWeights(INDArray kernel, INDArray bias) {
    }

    private Vgg16Weights() {
    }

    /**
     * Reads the weights, checks every shape, copies them into the network's layers of the same
     * names, and returns a one-line description of the source for the model's notes.
     *
     * @throws IllegalArgumentException if the file is not a VGG16 weights file or a shape differs
     */
    static String load(Path file, MultiLayerNetwork network) {
        Map<String, ConvWeights> weights = read(file);
        for (Conv c : CONVS) {
            ConvWeights w = weights.get(c.name());
            Layer layer = network.getLayer(c.name());
            layer.getParam(ConvolutionParamInitializer.WEIGHT_KEY).assign(w.kernel());
            layer.getParam(ConvolutionParamInitializer.BIAS_KEY).assign(w.bias().reshape(1, c.out()));
        }
        return "pretrained VGG16 weights from " + file.getFileName() + " (" + format(file).description + ")";
    }

    /** The 13 convolutions' weights in DL4J layout, shape-checked, keyed by Keras layer name. */
    static Map<String, ConvWeights> read(Path file) {
        return switch (format(file)) {
            case KERAS_HDF5 -> readKerasHdf5(file);
            case DL4J_ZIP -> readDl4jZip(file);
        };
    }

    private enum Format {
        KERAS_HDF5("Keras HDF5"),
        DL4J_ZIP("DL4J model zip");

        final String description;

        Format(String description) {
            this.description = description;
        }
    }

    private static Format format(Path file) {
        Path abs = file.toAbsolutePath();
        if (!Files.isRegularFile(abs)) {
            throw new IllegalArgumentException("No VGG16 weights file at " + abs);
        }
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(abs)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read VGG16 weights file " + abs + ": " + e.getMessage(), e);
        }
        if (n == HDF5_SIGNATURE.length && Arrays.equals(head, HDF5_SIGNATURE)) {
            return Format.KERAS_HDF5;
        }
        if (n >= ZIP_SIGNATURE.length && Arrays.equals(Arrays.copyOf(head, ZIP_SIGNATURE.length), ZIP_SIGNATURE)) {
            return Format.DL4J_ZIP;
        }
        throw new IllegalArgumentException(abs + " is neither an HDF5 file (Keras .h5) nor a zip (DL4J model);"
                + " VGG16 weights come as vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5 or a DL4J VGG16 zip");
    }

    // ---- Keras HDF5 ------------------------------------------------------------------------

    private static Map<String, ConvWeights> readKerasHdf5(Path file) {
        Path abs = file.toAbsolutePath();
        Hdf5Archive archive;
        try {
            archive = new Hdf5Archive(abs.toString());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Cannot open " + abs + " as HDF5: " + e.getMessage(), e);
        }
        try {
            // A whole saved model keeps its layers under model_weights/; a weights file at the root.
            List<String> root = archive.getGroups().contains("model_weights") ? List.of("model_weights") : List.of();
            List<String> layerGroups = archive.getGroups(root.toArray(String[]::new));
            Map<String, ConvWeights> out = new LinkedHashMap<>();
            for (Conv c : CONVS) {
                if (!layerGroups.contains(c.name())) {
                    throw new IllegalArgumentException("VGG16 weights file " + abs + " has no layer " + c.name()
                            + " (its layers: " + layerGroups + "); expected Keras' vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5");
                }
                List<String> group = new ArrayList<>(root);
                group.add(c.name());
                out.put(c.name(), kerasLayer(archive, abs, c, group));
            }
            return out;
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new IllegalArgumentException("Cannot read VGG16 weights from " + abs + ": " + e.getMessage(), e);
        } finally {
            archive.close();
        }
    }

    /** The one 4-D and one 1-D dataset anywhere under a layer's group, as DL4J kernel and bias. */
    private static ConvWeights kerasLayer(Hdf5Archive archive, Path file, Conv c, List<String> group) {
        INDArray kernel = null;
        INDArray bias = null;
        for (List<String> dataset : datasets(archive, group)) {
            String name = dataset.get(dataset.size() - 1);
            String[] parents = dataset.subList(0, dataset.size() - 1).toArray(String[]::new);
            INDArray a;
            try {
                a = archive.readDataSet(name, parents);
            } catch (Exception e) {
                throw new IllegalArgumentException("Cannot read " + String.join("/", dataset) + " from " + file + ": "
                        + e.getMessage(), e);
            }
            if (a.rank() == 4 && kernel == null) {
                kernel = a;
            } else if (a.rank() == 1 && bias == null) {
                bias = a;
            } else {
                throw new IllegalArgumentException("VGG16 weights file " + file + ": layer " + c.name()
                        + " has an unexpected dataset " + String.join("/", dataset) + " of shape " + Arrays.toString(a.shape())
                        + "; a convolution has one 4-D kernel and one 1-D bias");
            }
        }
        if (kernel == null || bias == null) {
            throw new IllegalArgumentException("VGG16 weights file " + file + ": layer " + c.name()
                    + " needs a 4-D kernel and a 1-D bias, found " + (kernel == null ? "no kernel" : "no bias"));
        }
        long[] kerasKernel = {3, 3, c.in(), c.out()};
        requireShape(file, c.name() + " kernel", kernel.shape(), kerasKernel, "Keras layout height, width, in, out");
        requireShape(file, c.name() + " bias", bias.shape(), new long[] {c.out()}, "Keras layout out");
        // Keras (TensorFlow) kernels are (h, w, in, out); DL4J's are (out, in, h, w). Both cross-correlate: no flip.
        return new ConvWeights(kernel.permute(3, 2, 0, 1).dup('c'), bias);
    }

    /** Paths (groups then dataset name) of every dataset under a group, depth first. */
    private static List<List<String>> datasets(Hdf5Archive archive, List<String> group) {
        List<List<String>> out = new ArrayList<>();
        String[] path = group.toArray(String[]::new);
        for (String d : archive.getDataSets(path)) {
            List<String> p = new ArrayList<>(group);
            p.add(d);
            out.add(p);
        }
        for (String g : archive.getGroups(path)) {
            List<String> sub = new ArrayList<>(group);
            sub.add(g);
            out.addAll(datasets(archive, sub));
        }
        return out;
    }

    // ---- DL4J zip --------------------------------------------------------------------------

    private static Map<String, ConvWeights> readDl4jZip(Path file) {
        Path abs = file.toAbsolutePath();
        List<Layer> convs = new ArrayList<>();
        try {
            if (isGraph(abs)) {
                ComputationGraph graph = ModelSerializer.restoreComputationGraph(abs.toFile(), false);
                for (int idx : graph.topologicalSortOrder()) {
                    var vertex = graph.getVertices()[idx];
                    if (vertex.hasLayer()) {
                        addIfConv(vertex.getLayer(), convs);
                    }
                }
            } else {
                MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(abs.toFile(), false);
                for (Layer l : net.getLayers()) {
                    addIfConv(l, convs);
                }
            }
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Cannot read a DL4J network from " + abs + ": " + e.getMessage(), e);
        }
        Map<String, Layer> byName = new LinkedHashMap<>();
        for (Layer l : convs) {
            byName.put(l.conf().getLayer().getLayerName(), l);
        }
        boolean named = CONVS.stream().allMatch(c -> byName.containsKey(c.name()));
        if (!named && convs.size() < CONVS.size()) {
            throw new IllegalArgumentException("VGG16 weights file " + abs + " has " + convs.size()
                    + " convolution layers, VGG16 needs " + CONVS.size() + " (block1_conv1 ... block5_conv3)");
        }
        Map<String, ConvWeights> out = new LinkedHashMap<>();
        for (int i = 0; i < CONVS.size(); i++) {
            Conv c = CONVS.get(i);
            Layer l = named ? byName.get(c.name()) : convs.get(i);
            String label = c.name() + (named ? "" : " (its convolution " + (i + 1) + ", '" + l.conf().getLayer().getLayerName() + "')");
            INDArray kernel = l.getParam(ConvolutionParamInitializer.WEIGHT_KEY);
            INDArray bias = l.getParam(ConvolutionParamInitializer.BIAS_KEY);
            requireShape(abs, label + " kernel", kernel.shape(), new long[] {c.out(), c.in(), 3, 3},
                    "DL4J layout out, in, height, width");
            if (bias == null || bias.length() != c.out()) {
                throw new IllegalArgumentException("VGG16 weights file " + abs + ": " + label + " bias has "
                        + (bias == null ? "no values" : bias.length() + " values") + " but VGG16 needs " + c.out());
            }
            out.put(c.name(), new ConvWeights(kernel.dup('c'), bias.reshape(c.out()).dup()));
        }
        return out;
    }

    private static void addIfConv(Layer layer, List<Layer> convs) {
        Layer inner = layer;
        if (inner instanceof FrozenLayer f) {
            inner = f.getInsideLayer();
        } else if (inner instanceof FrozenLayerWithBackprop f) {
            inner = f.getInsideLayer();
        }
        Class<?> type = inner.conf().getLayer().getClass();
        // Plain 2-D convolutions only: subclasses (separable, depthwise, deconvolution, 1-D) hold other shapes.
        if (type == ConvolutionLayer.class || type == org.deeplearning4j.nn.conf.layers.Convolution2D.class
                || type == io.github.wbczoo.core.layers.ReusingConvolutionLayer.class) {
            convs.add(inner);
        }
    }

    /** A graph's configuration lists "vertices"; a MultiLayerNetwork's lists "confs". */
    private static boolean isGraph(Path zip) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            ZipEntry conf = z.getEntry("configuration.json");
            if (conf == null) {
                throw new IllegalArgumentException(zip + " is a zip but not a DL4J model (no configuration.json inside)");
            }
            try (InputStream in = z.getInputStream(conf)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("\"vertices\"");
            }
        }
    }

    private static void requireShape(Path file, String what, long[] found, long[] needed, String layout) {
        if (!Arrays.equals(found, needed)) {
            throw new IllegalArgumentException("VGG16 weights file " + file + ": " + what + " has shape "
                    + Arrays.toString(found) + " but VGG16 needs " + Arrays.toString(needed) + " (" + layout + ")");
        }
    }
}
