package io.fulcrum.health.probe;

import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLException;

/** Short reasons for I/O failures ("connect refused" rather than a stack trace). */
final class Failures {
    private Failures() {}

    static String describe(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c && !(c instanceof SSLException)) c = c.getCause();
        String msg = c.getMessage() == null ? "" : c.getMessage();
        if (c instanceof ConnectException) {
            if (msg.contains("refused")) return "connect refused";
            if (msg.contains("unreachable")) return "network unreachable";
            return "connect failed: " + strip(msg);
        }
        if (c instanceof NoRouteToHostException) return "no route to host";
        if (c instanceof BindException) return "cannot bind the source address: " + strip(msg);
        if (c instanceof PortUnreachableException) return "port unreachable (ICMP)";
        if (c instanceof SSLException) return "TLS failed: " + strip(msg);
        if (c instanceof ClosedChannelException) return "connection closed";
        if (msg.contains("Connection reset")) return "connection reset by the server";
        return c.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + strip(msg));
    }

    /** Netty appends ": /10.0.0.1:80" to connect errors; the server is known from context. */
    private static String strip(String msg) {
        int i = msg.indexOf(": /");
        return i > 0 ? msg.substring(0, i) : msg;
    }
}
