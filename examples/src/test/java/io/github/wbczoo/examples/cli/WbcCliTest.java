package io.github.wbczoo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wbczoo.examples.CliRunner;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Mistyped commands and options get one line with picocli's suggestion and exit code 2; the exit codes are documented. */
class WbcCliTest {
    static Stream<Arguments> typos() {
        return Stream.of(
                Arguments.of(new String[] {"trian"}, "wbc: unknown command 'trian'; did you mean 'train'? (see: wbc --help)"),
                Arguments.of(new String[] {"trian", "--model", "basicCnn"},
                        "wbc: unknown command 'trian'; did you mean 'train'? (see: wbc --help)"),
                Arguments.of(new String[] {"re"}, "wbc: unknown command 're'; did you mean 'predict' or 'reproduce'?"
                        + " (see: wbc --help)"),
                Arguments.of(new String[] {"b"}, "wbc: unknown command 'b' (see: wbc --help)"),
                Arguments.of(new String[] {"data", "chek"},
                        "wbc data: unknown command 'chek'; did you mean 'check'? (see: wbc data --help)"),
                Arguments.of(new String[] {"cache", "inf"},
                        "wbc cache: unknown command 'inf'; did you mean 'info'? (see: wbc cache --help)"),
                Arguments.of(new String[] {"--hepl"}, "wbc: unknown option '--hepl'; did you mean '--help'? (see: wbc --help)"),
                Arguments.of(new String[] {"data", "check", "--skip-bad-imgs"}, "wbc data check: unknown option"
                        + " '--skip-bad-imgs'; did you mean '--skip-bad-images'? (see: wbc data check --help)"),
                Arguments.of(new String[] {"train", "--model", "basicCnn", "--out", "x", "--epoch", "3"},
                        "wbc train: unknown option '--epoch'; did you mean '--epochs'? (see: wbc train --help)"),
                // The typo is why --model is missing: name the typo, not the missing option.
                Arguments.of(new String[] {"train", "--mode", "basicCnn", "--out", "x"},
                        "wbc train: unknown option '--mode'; did you mean '--model'? (see: wbc train --help)"),
                Arguments.of(new String[] {"doctor", "extra"}, "wbc doctor: unexpected argument 'extra' (see: wbc doctor --help)"),
                Arguments.of(new String[] {"train", "--epochs", "3"},
                        "wbc train: Missing required option: '--out=DIR' (see: wbc train --help)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("typos")
    void aTypoIsOneLineWithASuggestionAndExitCode2(String[] args, String expected) {
        CliRunner.Result r = CliRunner.run(args);
        assertThat(r.exitCode()).isEqualTo(WbcCli.EXIT_BAD_INPUT);
        assertThat(r.err()).isEqualTo(expected + System.lineSeparator());
        assertThat(r.out()).isEmpty();
    }

    @Test
    void theExitCodesAreConstantsAndInTheHelp() {
        assertThat(new int[] {WbcCli.EXIT_OK, WbcCli.EXIT_PROBLEMS, WbcCli.EXIT_BAD_INPUT, WbcCli.EXIT_INTERRUPTED})
                .containsExactly(0, 1, 2, 130);
        assertThat(DataCommand.EXIT_PROBLEMS).isEqualTo(WbcCli.EXIT_PROBLEMS);
        String nl = System.lineSeparator();
        assertThat(CliRunner.run("--help").out()).endsWith("Exit codes:" + nl
                + "  0    ok" + nl
                + "  1    completed, problems found (also an unexpected crash: it prints" + nl
                + "       \"failed:\" and a stack trace)" + nl
                + "  2    bad arguments or bad input (one line says what)" + nl
                + "  130  interrupted (Ctrl-C)" + nl);
    }
}
