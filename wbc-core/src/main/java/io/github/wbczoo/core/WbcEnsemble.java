package io.github.wbczoo.core;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Several trained models that classify together: each member resizes and normalises the image its
 * own way (its {@link DataConfig}) and the ensemble averages their class probabilities, with equal
 * weights. Members must have the same classes in the same order.
 *
 * <p>Usage: {@code WbcEnsemble e = WbcEnsemble.of(WbcModels.pretrained("myCnn.v9"),
 * WbcModels.pretrained("inceptionBottleneck7")); Prediction p = e.predict(Path.of("cell.jpeg"));}
 */
public final class WbcEnsemble implements ImageClassifier {
    private final List<WbcModel> members;
    private final ClassSet classes;

    private WbcEnsemble(List<WbcModel> members) {
        this.members = List.copyOf(members);
        this.classes = members.get(0).classes();
    }

    /** An ensemble of two or more models with the same classes. */
    public static WbcEnsemble of(WbcModel... members) {
        return of(List.of(members));
    }

    /** An ensemble of two or more models with the same classes. */
    public static WbcEnsemble of(List<WbcModel> members) {
        Objects.requireNonNull(members, "members");
        if (members.size() < 2) {
            throw new IllegalArgumentException("An ensemble needs at least two models, got " + members.size());
        }
        ClassSet first = members.get(0).classes();
        for (WbcModel m : members) {
            if (!m.classes().equals(first)) {
                throw new IllegalArgumentException("Every member needs the same classes: " + members.get(0).architecture()
                        + " has " + first + ", " + m.architecture() + " has " + m.classes());
            }
        }
        return new WbcEnsemble(members);
    }

    /** The members, in the order given. */
    public List<WbcModel> members() {
        return members;
    }

    /** The classes every member predicts. */
    @Override
    public ClassSet classes() {
        return classes;
    }

    /** The members' architectures joined by {@code +}, e.g. {@code myCnn.v9+inceptionBottleneck7}. */
    public String name() {
        return String.join("+", members.stream().map(WbcModel::architecture).toList());
    }

    /**
     * Predicts several images: each member sees the whole batch, then the probabilities are averaged
     * image by image (a file is decoded once and handed to every member: {@link ImageClassifier}'s defaults).
     */
    @Override
    public List<Prediction> predict(List<BufferedImage> images) {
        float[][] sums = new float[images.size()][classes.size()];
        for (WbcModel m : members) {
            List<Prediction> answers = m.predict(images);
            for (int i = 0; i < images.size(); i++) {
                float[] p = answers.get(i).probabilities();
                for (int k = 0; k < p.length; k++) {
                    sums[i][k] += p[k];
                }
            }
        }
        List<Prediction> out = new ArrayList<>(images.size());
        for (float[] s : sums) {
            for (int k = 0; k < s.length; k++) {
                s[k] /= members.size();
            }
            out.add(Prediction.of(s, classes));
        }
        return out;
    }

    @Override
    public String toString() {
        return "WbcEnsemble[" + name() + ", " + classes + "]";
    }
}
