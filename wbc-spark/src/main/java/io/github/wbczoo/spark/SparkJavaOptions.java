package io.github.wbczoo.spark;

import java.util.List;

/**
 * The Java 17 flags Spark 3.5 needs: the packages its serializers and memory code reach into
 * (Spark's own {@code JavaModuleOptions}). {@code spark-submit} passes them to the driver and the
 * executors itself; a JVM that starts Spark on its own ({@code java -jar}, tests, {@code ./wbc})
 * must be started with them, and {@link #requireOpened()} says so in one line instead of Spark's
 * {@code IllegalAccessError} deep in its start-up.
 *
 * <p>Usage: {@code SparkJavaOptions.requireOpened(); SparkSession spark = SparkSession.builder().master("local[2]").getOrCreate();}
 */
public final class SparkJavaOptions {
    /** The flags, as {@code java} takes them. */
    public static final List<String> FLAGS = List.of(
            "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false");

    private SparkJavaOptions() {
    }

    /** Whether this JVM opens {@code sun.nio.ch} and {@code java.nio} to unnamed modules (what Spark fails on first). */
    public static boolean opened() {
        Module base = Object.class.getModule();
        Module us = SparkJavaOptions.class.getModule();
        return base.isOpen("sun.nio.ch", us) && base.isOpen("java.nio", us) && base.isOpen("java.lang.invoke", us);
    }

    /**
     * @throws IllegalStateException naming the flags when this JVM was started without them
     */
    public static void requireOpened() {
        if (!opened()) {
            throw new IllegalStateException("Spark on Java 17 needs this JVM started with: " + String.join(" ", FLAGS)
                    + " (spark-submit adds them itself)");
        }
    }
}
