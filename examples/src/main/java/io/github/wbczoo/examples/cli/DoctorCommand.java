package io.github.wbczoo.examples.cli;

import io.github.wbczoo.core.BackendInfo;
import io.github.wbczoo.core.Json;
import io.github.wbczoo.core.WbcBackend;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./wbc doctor}: which backend runs and whether the fast layer helpers are active.
 * Exits with 1 when training would be slow (helpers inactive), so scripts can check it.
 *
 * <p>Usage: {@code ./wbc doctor --json}
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Show the ND4J backend, whether oneDNN/cuDNN layer helpers are active, threads and CPU features.")
public final class DoctorCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON (keys backend, onednnHelpersActive, threads, dl4jVersion, ...).")
    boolean json;

    @Override
    public Integer call() {
        BackendInfo info = WbcBackend.init();
        if (json) {
            System.out.println(Json.write(info));
        } else {
            System.out.println("backend:               " + info.backend());
            System.out.println("native build:          " + info.nativeBuild());
            System.out.println("oneDNN helpers active: " + info.onednnHelpersActive());
            System.out.println("cuDNN helpers active:  " + info.cudnnHelpersActive());
            String direct = io.github.wbczoo.core.layers.DirectOneDnn.whyUnavailable();
            System.out.println("direct oneDNN layers:  " + (direct == null
                    ? (io.github.wbczoo.core.layers.DirectOneDnn.enabled() ? "true" : "false (-Dwbc.dnnl=false)")
                    : "false (" + direct + ")"));
            System.out.println("threads:               " + info.threads());
            System.out.println("CPU features:          " + String.join(" ", info.cpuFeatures()));
            System.out.println("BLAS:                  " + info.blas());
            System.out.println("DL4J version:          " + info.dl4jVersion());
            info.warnings().forEach(w -> System.out.println("WARNING: " + w));
        }
        return info.onednnHelpersActive() || info.cudnnHelpersActive() ? 0 : 1;
    }
}
