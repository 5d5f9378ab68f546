package io.fulcrum.controlplane;

import io.fulcrum.cli.Cli;
import io.fulcrum.cli.Context;
import io.fulcrum.cli.Terminal;
import io.fulcrum.cli.http.JdkHttp;
import io.fulcrum.cli.settings.Settings;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs {@code fulcrum ctl ARGS} in-process, over its real HTTP transport, against the control plane under
 * test: stdout and stderr captured, no terminal (no colours, no prompts), the environment naming the URL
 * and the token.
 */
final class CliRunner {
    record Result(int exit, String out, String err) {}

    private final String url;
    private final Path home;

    CliRunner(URI root, Path home) {
        this.url = root.toString().replaceAll("/$", "");
        this.home = home;
    }

    Result run(String... args) {
        return runWithToken(EmbeddedPostgresResource.ADMIN_TOKEN, args);
    }

    Result runWithToken(String token, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        Terminal t = new Piped(new PrintWriter(out, true), new PrintWriter(err, true));
        Context ctx = new Context(
                t,
                Map.of(Settings.URL, url, Settings.TOKEN, token),
                home,
                s -> new JdkHttp(s.url(), s.token(), s.ca(), "it"),
                "it");
        int exit = Cli.run(ctx, args);
        return new Result(exit, out.toString(), err.toString());
    }

    private record Piped(PrintWriter out, PrintWriter err) implements Terminal {
        @Override
        public InputStream in() {
            return new ByteArrayInputStream(new byte[0]);
        }

        @Override
        public boolean outIsTerminal() {
            return false;
        }

        @Override
        public boolean inIsTerminal() {
            return false;
        }

        @Override
        public String readLine(String prompt) {
            return null;
        }

        @Override
        public char[] readSecret(String prompt) {
            return null;
        }
    }
}
