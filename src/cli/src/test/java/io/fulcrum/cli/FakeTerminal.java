package io.fulcrum.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A terminal in memory: what was printed, what the user answers, whether it is a terminal. */
public final class FakeTerminal implements Terminal {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final PrintWriter outWriter = new PrintWriter(out, true);
    private final PrintWriter errWriter = new PrintWriter(err, true);
    private final Deque<String> answers = new ArrayDeque<>();
    public final List<String> prompts = new ArrayList<>();
    public boolean terminal;
    public byte[] stdin = new byte[0];

    public FakeTerminal answer(String line) {
        answers.add(line);
        return this;
    }

    /** What was printed on stdout. */
    public String printed() {
        outWriter.flush();
        return out.toString();
    }

    /** What was printed on stderr. */
    public String errors() {
        errWriter.flush();
        return err.toString();
    }

    @Override
    public PrintWriter out() {
        return outWriter;
    }

    @Override
    public PrintWriter err() {
        return errWriter;
    }

    @Override
    public InputStream in() {
        return new ByteArrayInputStream(stdin);
    }

    public void stdin(String text) {
        stdin = text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean outIsTerminal() {
        return terminal;
    }

    @Override
    public boolean inIsTerminal() {
        return terminal;
    }

    @Override
    public String readLine(String prompt) {
        prompts.add(prompt);
        return answers.poll();
    }

    @Override
    public char[] readSecret(String prompt) {
        prompts.add(prompt);
        String a = answers.poll();
        return a == null ? null : a.toCharArray();
    }
}
