package io.fulcrum.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;

/**
 * The process's own streams. On Java 17 {@link System#console()} is present exactly when both stdin and
 * stdout are a terminal, which is what both questions ask: colours off when piped, no prompt when piped.
 */
public final class SystemTerminal implements Terminal {
    private final Console console = System.console();
    private final PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, charset()), true);
    private final PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, charset()), true);
    private BufferedReader stdin;

    private static Charset charset() {
        String enc = System.getProperty("stdout.encoding");
        try {
            return enc != null ? Charset.forName(enc) : Charset.defaultCharset();
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }

    @Override
    public PrintWriter out() {
        return out;
    }

    @Override
    public PrintWriter err() {
        return err;
    }

    @Override
    public InputStream in() {
        return System.in;
    }

    @Override
    public boolean outIsTerminal() {
        return console != null;
    }

    @Override
    public boolean inIsTerminal() {
        return console != null;
    }

    @Override
    public String readLine(String prompt) {
        err.print(prompt);
        err.flush();
        if (console != null) return console.readLine();
        try {
            if (stdin == null) stdin = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()));
            return stdin.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public char[] readSecret(String prompt) {
        if (console != null) return console.readPassword("%s", prompt);
        String line = readLine(prompt);
        return line == null ? null : line.toCharArray();
    }
}
