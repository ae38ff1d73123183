package io.github.wbczoo.data.audit;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.github.wbczoo.core.Augmentation;
import io.github.wbczoo.core.Augmentation.FillMode;
import io.github.wbczoo.core.ImageDecoder;
import io.github.wbczoo.data.Augmenter;
import io.github.wbczoo.data.LabeledImage;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Planted duplicates with known ground truth: copies of real images made as BCCD's were made
 * (a small zoom, then the project's {@link Augmenter} with rotation, shifts, flips and black fill,
 * then JPEG re-encoding), mixed with their sources and with other real images. Running the finder
 * on the mix and comparing its clusters with the truth gives pair precision and recall.
 *
 * <p>Usage:
 * <pre>{@code
 * PlantedCopies planted = PlantedCopies.make(sources, distractors, 3, 42);
 * PlantedCopies.Score s = planted.score(new DuplicateFinder(Settings.DEFAULT).find(planted.images()));
 * }</pre>
 */
public final class PlantedCopies {
    /** The augmentation the copies get: wider than BCCD's own, so passing it is not luck. */
    public static final Augmentation AUGMENTATION = new Augmentation(30, 0.1, 0.1, true, true, FillMode.CONSTANT);
    /** Zoom factors are drawn from [1 - ZOOM, 1 + ZOOM]. */
    public static final double ZOOM = 0.1;
    /** JPEG qualities are drawn from [0.7, 0.9]. */
    private static final float MIN_QUALITY = 0.7f;

    private final List<AuditImage> images;
    private final Map<String, String> groupOf;
    private final int sources;
    private final int copies;

    private PlantedCopies(List<AuditImage> images, Map<String, String> groupOf, int sources, int copies) {
        this.images = List.copyOf(images);
        this.groupOf = Map.copyOf(groupOf);
        this.sources = sources;
        this.copies = copies;
    }

    /**
     * Every source, {@code copies} planted copies of each, and the distractors (real images that
     * must be told apart from the sources: each its own group). Seeded: the same images every time.
     */
    public static PlantedCopies make(List<LabeledImage> sources, List<LabeledImage> distractors, int copies, long seed) {
        if (copies < 1) {
            throw new IllegalArgumentException("Planted copies per source must be at least 1, got " + copies);
        }
        List<AuditImage> out = new ArrayList<>();
        Map<String, String> group = new HashMap<>();
        for (int s = 0; s < sources.size(); s++) {
            LabeledImage src = sources.get(s);
            AuditImage original = AuditImage.of(src);
            out.add(original);
            group.put(original.name(), original.name());
            BufferedImage img = ImageDecoder.read(src.file());
            for (int k = 0; k < copies; k++) {
                SplittableRandom rng = Augmenter.randomFor(seed, k, s);
                String name = "planted/" + original.name() + "#" + (k + 1);
                out.add(AuditImage.inMemory(name, src.label(), src.folder(), copy(img, rng)));
                group.put(name, original.name());
            }
        }
        for (LabeledImage d : distractors) {
            AuditImage a = AuditImage.of(d);
            if (group.putIfAbsent(a.name(), a.name()) == null) {
                out.add(a);
            }
        }
        // Byte-identical files are one photograph whatever their names (TEST_SIMPLE holds two such
        // pairs): the truth groups them, by content hash, independently of the finder.
        Map<String, String> firstWithHash = new HashMap<>();
        for (AuditImage a : out) {
            if (a.file() != null) {
                String first = firstWithHash.computeIfAbsent(Hashes.sha256(a.bytes()), h -> a.name());
                if (!first.equals(a.name())) {
                    String oldGroup = group.get(a.name());
                    String newGroup = group.get(first);
                    group.replaceAll((name, g) -> g.equals(oldGroup) ? newGroup : g);
                }
            }
        }
        return new PlantedCopies(out, group, sources.size(), copies);
    }

    /** One planted copy, JPEG-encoded. */
    static byte[] copy(BufferedImage source, SplittableRandom rng) {
        int w = source.getWidth();
        int h = source.getHeight();
        double zoom = 1 - ZOOM + 2 * ZOOM * rng.nextDouble();
        BufferedImage zoomed = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = zoomed.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            AffineTransform t = new AffineTransform();
            t.translate(w / 2.0, h / 2.0);
            t.scale(zoom, zoom);
            t.translate(-w / 2.0, -h / 2.0);
            g.drawImage(source, t, null);
        } finally {
            g.dispose();
        }
        byte[] hwc = new byte[h * w * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = zoomed.getRGB(x, y);
                int p = (y * w + x) * 3;
                hwc[p] = (byte) (rgb >> 16);
                hwc[p + 1] = (byte) (rgb >> 8);
                hwc[p + 2] = (byte) rgb;
            }
        }
        float[] out = Augmenter.augment(hwc, h, w, AUGMENTATION, rng);
        BufferedImage result = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = (y * w + x) * 3;
                result.setRGB(x, y, (clamp(out[p]) << 16) | (clamp(out[p + 1]) << 8) | clamp(out[p + 2]));
            }
        }
        return jpeg(result, MIN_QUALITY + 0.2f * (float) rng.nextDouble());
    }

    private static int clamp(float v) {
        int i = Math.round(v);
        return i < 0 ? 0 : Math.min(i, 255);
    }

    static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(stream);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** The mix: sources, their copies, distractors. */
    public List<AuditImage> images() {
        return images;
    }

    /** The true group (source image name) of an image of the mix. */
    public String groupOf(String name) {
        return groupOf.get(name);
    }

    /**
     * Pair precision and recall of the finder's clusters on the mix.
     *
     * <p>Usage: {@code Score s = planted.score(result); assert s.recall() >= 0.9 : s.describe();}
     *
     * @param sources    real images copied
     * @param copies     planted copies of each
     * @param images     images in the mix (sources, copies, distractors)
     * @param truePairs  pairs of one group (copies of one source, or a source and its copy)
     * @param foundPairs pairs the finder put in one cluster
     * @param correct    pairs both
     * @param precision  correct / foundPairs (1 when nothing was found)
     * @param recall     correct / truePairs
     * @param seconds    the finder's time on the mix
     */
    @JsonPropertyOrder({"sources", "copies", "images", "truePairs", "foundPairs", "correct", "precision", "recall",
            "seconds"})
    public record Score(int sources, int copies, int images, long truePairs, long foundPairs, long correct,
                        double precision, double recall, double seconds) {
        /** {@code precision 1.000, recall 0.983 (295 of 300 true pairs; 295 found)}. */
        public String describe() {
            return String.format(Locale.ROOT, "precision %.3f, recall %.3f (%d of %d true pairs; %d found) on %d planted"
                    + " copies of %d real images among %d", precision, recall, correct, truePairs, foundPairs,
                    sources * copies, sources, images);
        }
    }

    /** Scores the finder's result on {@link #images()}. */
    public Score score(DuplicateFinder.Result r) {
        if (!r.images().equals(images)) {
            throw new IllegalArgumentException("The result is not of this planted mix");
        }
        long truth = 0;
        long found = 0;
        long correct = 0;
        for (int i = 0; i < images.size(); i++) {
            for (int j = i + 1; j < images.size(); j++) {
                boolean t = groupOf.get(images.get(i).name()).equals(groupOf.get(images.get(j).name()));
                boolean f = r.together(i, j);
                truth += t ? 1 : 0;
                found += f ? 1 : 0;
                correct += t && f ? 1 : 0;
            }
        }
        double precision = found == 0 ? 1 : (double) correct / found;
        double recall = truth == 0 ? 1 : (double) correct / truth;
        return new Score(sources, copies, images.size(), truth, found, correct, round(precision), round(recall),
                Math.round(r.seconds() * 10) / 10.0);
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
