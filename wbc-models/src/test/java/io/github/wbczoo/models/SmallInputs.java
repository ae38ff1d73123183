package io.github.wbczoo.models;

/**
 * Builders for registry-wide tests at small input sizes, so the whole zoo is exercised in CI time:
 * each registered model at the test input size its {@link ModelSpec} declares. Parameter counts
 * are pinned at the recipe size elsewhere; this is only for behaviour tests.
 *
 * <p>Usage: {@code WbcModel m = SmallInputs.builder("myCnn.v9").build();}
 */
final class SmallInputs {
    private SmallInputs() {
    }

    static ModelBuilder<?> builder(String name) {
        return WbcModels.spec(name).testBuilder();
    }
}
