package io.github.wbczoo.examples.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code wbc} command line: {@code ./wbc doctor}, {@code ./wbc bench conv}, ... Run
 * {@code ./wbc --help} for the list. Bad arguments and bad input exit with code 2 and one line
 * saying what is wrong; other failures exit with 1.
 *
 * <p>Usage: {@code ./wbc doctor --json}
 */
@Command(name = "wbc", mixinStandardHelpOptions = true, versionProvider = WbcCli.Version.class,
        description = "White blood cell classification: the model zoo of five papers on Deeplearning4j.",
        subcommands = {
            DoctorCommand.class,
            BenchCommand.class,
            TrainCommand.class,
            PredictCommand.class,
            ExampleCommand.class,
            QuickstartCommand.class,
            EvaluateCommand.class,
            ReproduceCommand.class,
            DataCommand.class,
            ModelsCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class WbcCli implements Runnable {
    /** Exit code for bad arguments or bad input (a missing folder, an unreadable model). */
    public static final int EXIT_BAD_INPUT = 2;

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

    /** Bad arguments: one line with the reason and where to get help, exit code 2. */
    private static int handleBadArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        String command = cli.getCommandSpec().qualifiedName();
        err.println(command + ": " + e.getMessage() + " (see: " + command + " --help)");
        err.flush();
        return EXIT_BAD_INPUT;
    }

    /** Bad input (IllegalArgumentException, unreadable files) becomes one line and exit code 2. */
    private static int handleFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof IllegalArgumentException || e instanceof UncheckedIOException) {
            err.println(cli.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            err.flush();
            return EXIT_BAD_INPUT;
        }
        err.println(cli.getCommandSpec().qualifiedName() + " failed: " + e);
        e.printStackTrace(err);
        err.flush();
        return 1;
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
