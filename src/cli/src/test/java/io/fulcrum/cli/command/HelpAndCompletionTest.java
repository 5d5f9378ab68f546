package io.fulcrum.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.cli.Cli;
import io.fulcrum.cli.CliRun;
import io.fulcrum.cli.Context;
import io.fulcrum.cli.FakeTerminal;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HelpAndCompletionTest {
    @TempDir
    Path home;

    @Test
    void everyCommandHasHelp() {
        CommandLine root = Cli.commandLine(new Context(new FakeTerminal(), Map.of(), home, s -> null, "test"));
        assertThat(root.getSubcommands().keySet())
                .contains(
                        "get",
                        "list",
                        "plan",
                        "apply",
                        "diff",
                        "export",
                        "drain",
                        "enable",
                        "disable",
                        "status",
                        "watch",
                        "login",
                        "completion");
        for (String name : root.getSubcommands().keySet()) {
            if (name.equals("help") || name.equals("ls")) continue;
            CliRun cli = new CliRun(home);
            CliRun.Result r = cli.run(name, "--help");
            assertThat(r.exit()).as(name).isZero();
            assertThat(r.out())
                    .as(name)
                    .startsWith("Usage: fulcrum ctl " + name)
                    .contains("-h, --help");
        }
    }

    @Test
    void noCommandPrintsTheUsageAndFails() {
        CliRun.Result r = new CliRun(home).run();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err())
                .startsWith("Usage: fulcrum ctl")
                .contains("FULCRUM_URL")
                .contains("Exit status");
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithExitStatus1NotThePlansTwo() {
        CliRun.Result r = new CliRun(home).run("plan", "-f", "x.yaml", "--frobnicate");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("Unknown option: '--frobnicate'");
    }

    @Test
    void completionPrintsABashScriptForTheNamedCommand() {
        CliRun.Result r = new CliRun(home).run("completion", "bash");
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .contains("complete -F _complete_fulcrum-ctl")
                .contains("drain")
                .contains("virtual-servers");
        assertThat(new CliRun(home).run("completion", "fish").err()).contains("use bash or zsh");
    }

    @Test
    void versionIsPrinted() {
        assertThat(new CliRun(home).run("--version").out()).startsWith("fulcrum-cli ");
    }
}
