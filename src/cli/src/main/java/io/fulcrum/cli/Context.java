package io.fulcrum.cli;

import io.fulcrum.cli.http.ControlPlane;
import io.fulcrum.cli.http.Http;
import io.fulcrum.cli.http.JdkHttp;
import io.fulcrum.cli.render.Style;
import io.fulcrum.cli.settings.SavedLogin;
import io.fulcrum.cli.settings.Settings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * What every command works with: the terminal, the environment, the saved login's place, and how to
 * connect to the control plane (the java.net.http transport, or a fake in tests).
 */
public final class Context {
    /** Opens the transport to the control plane the settings name. */
    public interface Connector {
        Http connect(Settings settings);
    }

    private final Terminal terminal;
    private final Map<String, String> env;
    private final Path home;
    private final Connector connector;
    private final String version;
    private boolean noColor;
    private ControlPlane controlPlane;

    public Context(Terminal terminal, Map<String, String> env, Path home, Connector connector, String version) {
        this.terminal = terminal;
        this.env = Map.copyOf(env);
        this.home = home;
        this.connector = connector;
        this.version = version;
    }

    /** The real process: its streams, environment and home, java.net.http. */
    public static Context system(String version) {
        return new Context(
                new SystemTerminal(),
                System.getenv(),
                Path.of(System.getProperty("user.home")),
                s -> new JdkHttp(s.url(), s.token(), s.ca(), version),
                version);
    }

    public Terminal terminal() {
        return terminal;
    }

    public PrintWriter out() {
        return terminal.out();
    }

    public PrintWriter err() {
        return terminal.err();
    }

    public Map<String, String> env() {
        return env;
    }

    public String version() {
        return version;
    }

    public void noColor(boolean noColor) {
        this.noColor = noColor;
    }

    /** Colours only on a terminal, without {@code --no-color} and without {@code NO_COLOR} set (no-color.org). */
    public Style style() {
        String off = env.get("NO_COLOR");
        return Style.of(!noColor && (off == null || off.isEmpty()) && terminal.outIsTerminal());
    }

    public Path loginFile() {
        return SavedLogin.file(env, home);
    }

    public Settings settings() {
        return Settings.resolve(env, SavedLogin.read(loginFile()));
    }

    /** The control plane the environment or the saved login names (connected on first use). */
    public ControlPlane controlPlane() {
        if (controlPlane == null) controlPlane = connect(settings());
        return controlPlane;
    }

    public ControlPlane connect(Settings settings) {
        return new ControlPlane(connector.connect(settings));
    }
}
