package io.fulcrum.cli.http;

import java.io.IOException;
import java.util.function.Consumer;

/** The HTTP exchanges the command line makes with the control plane: the only I/O of the commands. */
public interface Http {
    /** Sends the request and reads the whole response; an I/O failure (refused, TLS, timeout) throws. */
    Response send(Request request) throws IOException;

    /**
     * Sends the request and hands every line of a successful response's body to {@code line} as it
     * arrives, until the server ends it (server-sent events). A response that is not 2xx is returned whole,
     * without calling {@code line}.
     */
    Response stream(Request request, Consumer<String> line) throws IOException;

    /** Where the control plane is, for messages ({@code https://cp.example:8443}). */
    String where();
}
