package io.fulcrum.cli.render;

import io.fulcrum.cli.CliException;

/** An error as stderr shows it: {@code error: ...}, a line per detail, and {@code hint: ...}. */
public final class ErrorView {
    private ErrorView() {}

    public static String render(CliException e, Style style) {
        StringBuilder b = new StringBuilder();
        b.append(style.red(style.bold("error:")))
                .append(' ')
                .append(e.getMessage())
                .append('\n');
        for (String d : e.details()) b.append("  ").append(d).append('\n');
        if (e.hint() != null)
            b.append(style.yellow("hint:")).append(' ').append(e.hint()).append('\n');
        return b.toString();
    }
}
