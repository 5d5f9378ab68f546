package io.fulcrum.cli.command;

import io.fulcrum.cli.Context;
import io.fulcrum.cli.http.ControlPlane;
import io.fulcrum.cli.render.Style;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A subcommand: its context, and the exit status it returns (0 success, 1 error, 2 a plan with changes). */
abstract class ApiCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int ERROR = 1;
    static final int CHANGES = 2;

    protected final Context ctx;

    @Spec
    CommandSpec spec;

    ApiCommand(Context ctx) {
        this.ctx = ctx;
    }

    ControlPlane api() {
        return ctx.controlPlane();
    }

    PrintWriter out() {
        return ctx.out();
    }

    PrintWriter err() {
        return ctx.err();
    }

    Style style() {
        return ctx.style();
    }

    /** {@code text} on stdout, with a final newline when it has none. */
    void print(String text) {
        out().print(text.endsWith("\n") || text.isEmpty() ? text : text + "\n");
        out().flush();
    }
}
