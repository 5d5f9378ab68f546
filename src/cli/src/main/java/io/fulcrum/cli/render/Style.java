package io.fulcrum.cli.render;

import java.util.regex.Pattern;

/**
 * ANSI colours, or none: commands use colours on a terminal and print plain text when piped or when
 * {@code NO_COLOR} is set (https://no-color.org).
 */
public final class Style {
    public static final Style PLAIN = new Style(false);
    public static final Style COLOUR = new Style(true);
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*m");

    private final boolean colour;

    private Style(boolean colour) {
        this.colour = colour;
    }

    public static Style of(boolean colour) {
        return colour ? COLOUR : PLAIN;
    }

    public boolean colour() {
        return colour;
    }

    public String bold(String s) {
        return wrap("1", s);
    }

    public String dim(String s) {
        return wrap("2", s);
    }

    public String red(String s) {
        return wrap("31", s);
    }

    public String green(String s) {
        return wrap("32", s);
    }

    public String yellow(String s) {
        return wrap("33", s);
    }

    public String cyan(String s) {
        return wrap("36", s);
    }

    private String wrap(String code, String s) {
        return colour && !s.isEmpty() ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }

    /** {@code s} without ANSI colour codes. */
    public static String strip(String s) {
        return ANSI.matcher(s).replaceAll("");
    }

    /** The width {@code s} takes on a terminal (its characters without colour codes). */
    public static int width(String s) {
        return strip(s).codePointCount(0, strip(s).length());
    }
}
