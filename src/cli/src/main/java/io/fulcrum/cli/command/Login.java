package io.fulcrum.cli.command;

import io.fulcrum.cli.CliException;
import io.fulcrum.cli.Context;
import io.fulcrum.cli.http.ControlPlane;
import io.fulcrum.cli.settings.SavedLogin;
import io.fulcrum.cli.settings.Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = {
            "Save the control plane's URL and token for the other commands, once it has accepted them.",
            "",
            "They go to $XDG_CONFIG_HOME/fulcrum/cli.yaml (~/.config/fulcrum/cli.yaml), readable by you only;"
                    + " FULCRUM_URL, FULCRUM_TOKEN, FULCRUM_TOKEN_FILE and FULCRUM_CA override them.",
            "Without --token-file or --token-stdin it asks for the token (not echoed). The token is never"
                    + " printed.",
            "",
            "  fulcrum ctl login --url https://cp.example:8443 --ca ca.pem",
            "  fulcrum ctl login --url http://localhost:8080 --token-file ~/.fulcrum-token",
        })
public final class Login extends ApiCommand {
    @Option(names = "--url", required = true, paramLabel = "URL", description = "The control plane's URL.")
    String url;

    @ArgGroup(exclusive = true)
    TokenSource token = new TokenSource();

    static final class TokenSource {
        @Option(
                names = "--token-file",
                paramLabel = "FILE",
                description = "A file holding the token; its path is saved, the token read from it on every use.")
        Path file;

        @Option(names = "--token-stdin", description = "Read the token from stdin's first line; it is saved.")
        boolean stdin;
    }

    @Option(names = "--ca", paramLabel = "FILE", description = "A PEM file of the CA to trust for https.")
    Path ca;

    public Login(Context ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        String secret = null;
        Path tokenFile = null;
        if (token.file != null) {
            tokenFile = token.file.toAbsolutePath();
            secret = Settings.readToken(tokenFile, "--token-file");
        } else if (token.stdin || !ctx.terminal().inIsTerminal()) {
            if (!token.stdin)
                throw new CliException(
                        "no token given and stdin is not a terminal to ask for one",
                        "give --token-file FILE, or --token-stdin with the token on stdin");
            String line = ctx.terminal().readLine("");
            secret = line == null ? null : line.strip();
        } else {
            char[] typed = ctx.terminal().readSecret("Token for " + url + ": ");
            secret = typed == null ? null : new String(typed).strip();
            if (typed != null) Arrays.fill(typed, '\0');
        }
        if (secret == null || secret.isEmpty())
            throw new CliException("no token given", "an admin creates one with POST /api/v1/tokens");
        Path caFile = ca == null ? null : ca.toAbsolutePath();
        ControlPlane api = ctx.connect(new Settings(url, secret, caFile));
        long revision = api.get("/api/v1/revision").path("revision").asLong();
        Path file = ctx.loginFile();
        try {
            new SavedLogin(url, tokenFile == null ? secret : null, tokenFile, caFile).write(file);
        } catch (IOException e) {
            throw new CliException(
                    "cannot save the login to " + file + ": " + e.getMessage(),
                    "check that the directory is writable, or set FULCRUM_URL and FULCRUM_TOKEN instead",
                    e);
        }
        print("Logged in to " + api.where() + " (revision " + revision + "); saved to " + file + ".");
        return OK;
    }
}
