package io.github.wbczoo.examples.cli;

import io.github.wbczoo.core.BadImageException;
import io.github.wbczoo.data.CellImageDataset;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code wbc} command line: {@code ./wbc doctor}, {@code ./wbc bench conv}, ... Run
 * {@code ./wbc --help} for the list. Every command ends with one of these exit codes:
 *
 * <ul>
 *   <li>{@link #EXIT_OK} (0): done, nothing wrong;</li>
 *   <li>{@link #EXIT_PROBLEMS} (1): done, but problems were found (e.g. {@code data check} found
 *       corrupt files). An unexpected crash also exits with 1, but prints "failed:" and a stack
 *       trace rather than a list of problems;</li>
 *   <li>{@link #EXIT_BAD_INPUT} (2): bad arguments or bad input (a missing folder, an unreadable
 *       model, a bad image in strict mode), with one line saying what is wrong; a mistyped command
 *       or option gets picocli's suggestion ({@code did you mean 'train'?});</li>
 *   <li>{@link #EXIT_INTERRUPTED} (130): interrupted (Ctrl-C, as for any program killed by SIGINT).</li>
 * </ul>
 *
 * <p>Usage: {@code ./wbc doctor --json}
 */
@Command(name = "wbc", mixinStandardHelpOptions = true, versionProvider = WbcCli.Version.class,
        description = "White blood cell classification: the model zoo of five papers on Deeplearning4j.",
        footer = {"", "Exit codes:%n  0    ok%n  1    completed, problems found (also an unexpected crash: it prints"
                + "%n       \"failed:\" and a stack trace)%n  2    bad arguments or bad input (one line says what)%n  130  interrupted (Ctrl-C)"},
        subcommands = {
            DoctorCommand.class,
            BenchCommand.class,
            TrainCommand.class,
            PredictCommand.class,
            SparkClassifyCommand.class,
            ExampleCommand.class,
            QuickstartCommand.class,
            EvaluateCommand.class,
            CardCommand.class,
            ReproduceCommand.class,
            DataCommand.class,
            CacheCommand.class,
            ModelsCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class WbcCli implements Runnable {
    /** Exit code when everything went well. */
    public static final int EXIT_OK = 0;
    /** Exit code when the command completed but found problems (and, distinguished only by its message, on a crash). */
    public static final int EXIT_PROBLEMS = 1;
    /** Exit code for bad arguments or bad input (a missing folder, an unreadable model). */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit code when interrupted: 128 + SIGINT, what a shell reports for Ctrl-C. */
    public static final int EXIT_INTERRUPTED = 130;
    /** Suggestions named in a "did you mean" hint. */
    private static final int MAX_SUGGESTIONS = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try ./wbc doctor, or ./wbc --help");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        return newCommandLine().execute(args);
    }

    /** The configured command line, with the error handling every sub-command shares. */
    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new WbcCli());
        cli.setExecutionExceptionHandler(WbcCli::handleFailure);
        cli.setParameterExceptionHandler(WbcCli::handleBadArguments);
        return cli;
    }

    /**
     * Bad arguments: one line with the reason and where to get help, exit code 2. A mistyped
     * command or option names picocli's closest matches instead of "Unmatched argument at index 0".
     */
    private static int handleBadArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        String command = cli.getCommandSpec().qualifiedName();
        CommandLine.ParameterException reported = e;
        if (e instanceof CommandLine.MissingParameterException && !cli.getUnmatchedArguments().isEmpty()) {
            // "--mode x" for "--model x": the typo explains the missing option, so name the typo.
            reported = new CommandLine.UnmatchedArgumentException(cli, cli.getUnmatchedArguments());
        }
        String message = reported instanceof CommandLine.UnmatchedArgumentException u ? unmatched(u) : null;
        err.println(command + ": " + (message != null ? message : e.getMessage()) + " (see: " + command + " --help)");
        err.flush();
        return EXIT_BAD_INPUT;
    }

    /** {@code unknown command 'trian'; did you mean 'train'?}, or null to keep picocli's own message. */
    static String unmatched(CommandLine.UnmatchedArgumentException e) {
        List<String> unmatched = e.getUnmatched();
        if (unmatched.isEmpty()) {
            return null;
        }
        String first = unmatched.get(0);
        String what;
        if (e.isUnknownOption()) {
            what = "unknown option";
        } else if (!e.getCommandLine().getSubcommands().isEmpty()) {
            what = "unknown command";
        } else {
            return "unexpected argument '" + first + "'"; // a command without subcommands or room for it
        }
        List<String> suggestions = e.getSuggestions().stream().filter(s -> !s.equals(first)).distinct()
                .limit(MAX_SUGGESTIONS).toList();
        return what + " '" + first + "'" + (suggestions.isEmpty() ? "" : "; did you mean " + quotedOr(suggestions) + "?");
    }

    /** {@code 'a'}, {@code 'a' or 'b'}, {@code 'a', 'b' or 'c'}. */
    private static String quotedOr(List<String> words) {
        List<String> q = words.stream().map(w -> "'" + w + "'").toList();
        return q.size() == 1 ? q.get(0) : String.join(", ", q.subList(0, q.size() - 1)) + " or " + q.get(q.size() - 1);
    }

    /**
     * Bad input (IllegalArgumentException, unreadable files) becomes one line and exit code 2; a
     * bad image in strict mode also names {@code --skip-bad-images} when the command has it. An
     * interruption is one line and exit code 130. Anything else is a crash: a stack trace, exit 1.
     */
    private static int handleFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        String command = cli.getCommandSpec().qualifiedName();
        if (isInterruption(e)) {
            err.println(command + ": interrupted");
            err.flush();
            return EXIT_INTERRUPTED;
        }
        BadImageException badImage = cause(e, BadImageException.class);
        if (badImage != null) {
            // Training meets a corrupt image only when it decodes it, often wrapped by a worker thread.
            boolean canSkip = cli.getCommandSpec().findOption("--skip-bad-images") != null;
            err.println(command + ": " + badImage.getMessage() + (canSkip ? "; " + CellImageDataset.SKIP_HINT : ""));
            err.flush();
            return EXIT_BAD_INPUT;
        }
        if (e instanceof IllegalArgumentException || e instanceof UncheckedIOException) {
            err.println(command + ": " + e.getMessage());
            err.flush();
            return EXIT_BAD_INPUT;
        }
        err.println(command + " failed: " + e);
        e.printStackTrace(err);
        err.flush();
        return EXIT_PROBLEMS;
    }

    private static boolean isInterruption(Throwable e) {
        return cause(e, InterruptedException.class) != null || cause(e, ClosedByInterruptException.class) != null;
    }

    /** The first throwable of {@code type} in {@code e}'s cause chain (at most 20 deep, in case of a cycle), or null. */
    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** Version from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = WbcCli.class.getPackage().getImplementationVersion();
            return new String[] {"wbc-zoo " + (v == null ? "development build" : v)};
        }
    }
}
