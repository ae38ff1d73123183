package io.github.wbczoo.examples.cli;

import io.github.wbczoo.examples.AndersonExample;
import io.github.wbczoo.examples.ChenZhuExample;
import io.github.wbczoo.examples.OptimisationStudyExample;
import io.github.wbczoo.examples.RaoExample;
import io.github.wbczoo.examples.SarkarExample;
import io.github.wbczoo.examples.TrainedZooExample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ./wbc example NAME [ARGS...]}: runs one of the example programs (one per paper), with
 * the JVM settings {@code ./wbc} uses. The programs are in {@code io.github.wbczoo.examples}.
 *
 * <p>Usage: {@code ./wbc example chen-zhu}
 */
@Command(name = "example", mixinStandardHelpOptions = true,
        description = "Run an example program: chen-zhu, sarkar, optimisation-study, anderson, rao, trained-zoo."
                + " Extra arguments go to the program (the data folder first).")
public final class ExampleCommand implements Callable<Integer> {
    static final Map<String, Consumer<String[]>> EXAMPLES = new LinkedHashMap<>();

    static {
        EXAMPLES.put("chen-zhu", ChenZhuExample::main);
        EXAMPLES.put("sarkar", SarkarExample::main);
        EXAMPLES.put("optimisation-study", OptimisationStudyExample::main);
        EXAMPLES.put("anderson", AndersonExample::main);
        EXAMPLES.put("rao", RaoExample::main);
        EXAMPLES.put("trained-zoo", TrainedZooExample::main);
    }

    @Parameters(index = "0", paramLabel = "NAME", description = "Which example.")
    String name;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for the program.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        Consumer<String[]> program = EXAMPLES.get(name);
        if (program == null) {
            throw new IllegalArgumentException("Unknown example '" + name + "'; valid names: " + String.join(", ", EXAMPLES.keySet()));
        }
        program.accept(args.toArray(String[]::new));
        return 0;
    }
}
