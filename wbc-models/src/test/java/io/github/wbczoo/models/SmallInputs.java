package io.github.wbczoo.models;

import io.github.wbczoo.core.DataConfig;

/**
 * Builders for registry-wide tests at small input sizes, so the whole zoo is exercised in CI time:
 * the smallest size each of the Chen &amp; Zhu families accepts (or a fraction of the recipe), and
 * for other families half the recipe size when their validation accepts it, else the recipe size.
 * Parameter counts are pinned at the recipe size elsewhere; this is only for behaviour tests.
 *
 * <p>Usage: {@code WbcModel m = SmallInputs.builder("myCnn.v9").build();}
 */
final class SmallInputs {
    private SmallInputs() {
    }

    static ModelBuilder<?> builder(String name) {
        ModelBuilder<?> b = WbcModels.create(name);
        if (b instanceof MyCnn.Builder m) {
            int s = m.minimumInputSize(); // 171 for four stages, 43 for three, 11 for two
            return b.inputSize(s, s);
        }
        if (b instanceof ResNet18.Builder) {
            return b.inputSize(64, 64);
        }
        if (b instanceof Autoencoder.Builder) {
            return b.inputSize(12, 16); // v1 at 240x320 would be 472M parameters
        }
        if (b instanceof Inception.Builder) {
            return b.inputSize(30, 40);
        }
        if (b instanceof Vgg16) {
            return b.inputSize(32, 32); // the smallest VGG16 takes; its 4096-4096 top is 134M parameters at 224
        }
        DataConfig recipe = b.dataConfig();
        b.inputSize(recipe.height() / 2, recipe.width() / 2);
        try {
            b.dataRequest(); // validates without building
            return b;
        } catch (IllegalArgumentException tooSmall) {
            return b.inputSize(recipe.height(), recipe.width());
        }
    }
}
