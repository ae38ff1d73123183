package io.github.wbczoo.examples;

import io.github.wbczoo.examples.cli.WbcCli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The CLI in a second JVM with this test's class path (Surefire passes it in surefire.test.class.path). */
final class CliProcess {
    private CliProcess() {
    }

    static List<String> command(String... args) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-Dorg.bytedeco.javacpp.maxbytes=4G",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=6G", "-cp", classPath, WbcCli.class.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
