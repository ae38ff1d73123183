package io.github.wbczoo.data;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of file contents as lower-case hex, the form {@code sha256sum} and the dataset's
 * {@code SHA256SUMS} use.
 *
 * <p>Usage: {@code String h = Sha256.hex(Files.readAllBytes(file));}
 */
final class Sha256 {
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256", e);
        }
    });

    private Sha256() {
    }

    static String hex(byte[] content) {
        MessageDigest d = DIGEST.get();
        d.reset();
        return HexFormat.of().formatHex(d.digest(content));
    }
}
