package io.github.wbczoo.examples.cli;

import java.util.Locale;

/**
 * Parses the "WIDTHxHEIGHT" sizes the commands take ({@code --input-size 80x60}, {@code --size}),
 * width first as the papers write them.
 *
 * <p>Usage: {@code int[] wh = ImageSizes.parse("--input-size", "80x60"); // {80, 60}}
 */
final class ImageSizes {
    private ImageSizes() {
    }

    /** {width, height}; fails naming the option and the expected form. */
    static int[] parse(String option, String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                int w = Integer.parseInt(parts[0].trim());
                int h = Integer.parseInt(parts[1].trim());
                if (w > 0 && h > 0) {
                    return new int[] {w, h};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be WIDTHxHEIGHT with positive numbers, e.g. 80x60; got '" + text + "'");
    }
}
