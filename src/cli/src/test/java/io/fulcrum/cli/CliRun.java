package io.fulcrum.cli;

import io.fulcrum.cli.settings.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs {@code fulcrum ctl} in-process against a fake control plane and a fake terminal. */
public final class CliRun {
    public final FakeControlPlane api = new FakeControlPlane();
    public final FakeTerminal terminal = new FakeTerminal();
    public final Map<String, String> env =
            new HashMap<>(Map.of(Settings.URL, FakeControlPlane.WHERE, Settings.TOKEN, "t0ken"));
    public final List<Settings> connections = new ArrayList<>();
    public final Path home;

    public CliRun(Path home) {
        this.home = home;
    }

    /** The outcome of one run. */
    public record Result(int exit, String out, String err) {}

    public Result run(String... args) {
        FakeTerminal t = terminal;
        int before = t.printed().length(), beforeErr = t.errors().length();
        Context ctx = new Context(
                t,
                env,
                home,
                s -> {
                    connections.add(s);
                    return api;
                },
                "test");
        int exit = Cli.run(ctx, args);
        return new Result(exit, t.printed().substring(before), t.errors().substring(beforeErr));
    }
}
