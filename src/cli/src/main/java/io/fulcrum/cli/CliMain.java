package io.fulcrum.cli;

import io.fulcrum.runtime.Logs;

/** {@code java -jar fulcrum-cli.jar ARGS}, which {@code bin/fulcrum ctl ARGS} runs. */
public final class CliMain {
    static {
        Logs.keepHandlersUntilExit();
    }

    private CliMain() {}

    public static void main(String[] args) {
        // stdout is the commands' output (scripts read -o json from it): log lines go to stderr
        Logs.configureFromEnvironment(System.err);
        System.exit(Cli.run(Context.system(Cli.version()), args));
    }
}
