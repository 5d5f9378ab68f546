package io.fulcrum.agent.bench.keepalived;

import io.fulcrum.runtime.Threads;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A client on the {@link Segment} that sends an HTTP request through one VIP ({@link Fleet#serviceAddress}(0),
 * which the VRRP group carries) {@link #PER_SECOND} times a second while a phase runs, each on a new
 * connection, and keeps whether the responder's 200 came back (connect within 1 s, answer within 2 s). It
 * never catches up on requests it fell behind on, so it stays at its rate: bounded.
 */
final class SteadyClient implements AutoCloseable {
    static final int PER_SECOND = 20;
    private static final byte[] REQUEST = "GET / HTTP/1.0\r\nHost: bench\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final InetSocketAddress vip = new InetSocketAddress(Fleet.serviceAddress(0), Fleet.PORT);
    private final List<Requests.Request> requests = new ArrayList<>();
    private final Thread thread;
    private volatile boolean sending;
    private volatile boolean closed;
    private volatile RuntimeException failure;

    SteadyClient() {
        thread = Threads.start("bench-keepalived-client", this::run);
    }

    private void run() {
        try {
            Segment.join();
        } catch (RuntimeException e) {
            failure = e;
            return;
        }
        long period = TimeUnit.SECONDS.toNanos(1) / PER_SECOND;
        long next = System.nanoTime();
        while (!closed) {
            long now = System.nanoTime();
            if (!sending || now < next) {
                Measurements.sleep(Math.max(1, Math.min(50, (next - now) / 1_000_000)));
                if (!sending) next = System.nanoTime();
                continue;
            }
            String failure = request();
            synchronized (requests) {
                requests.add(new Requests.Request(now, failure));
            }
            next = Math.max(next + period, System.nanoTime());
        }
    }

    /** One request; null when HTTP 200 came back, else what went wrong. */
    private String request() {
        try (Socket s = new Socket()) {
            try {
                s.connect(vip, 1000);
            } catch (SocketTimeoutException e) {
                return "connect timed out";
            } catch (IOException e) {
                return "connect: " + e.getMessage();
            }
            s.setSoTimeout(2000);
            s.getOutputStream().write(REQUEST);
            InputStream in = s.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return head.startsWith("HTTP/1.") && head.endsWith(" 200") ? null : "answer '" + head + "'";
        } catch (SocketTimeoutException e) {
            return "read timed out";
        } catch (IOException e) {
            return "read: " + e.getMessage().toLowerCase(Locale.ROOT);
        }
    }

    /** Starts sending (a phase begins). */
    void begin() {
        if (failure != null) throw failure;
        sending = true;
    }

    /** Stops sending (the phase ended). */
    void end() {
        sending = false;
    }

    /** Every request so far. */
    List<Requests.Request> requests() {
        if (failure != null) throw failure;
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.join(5000);
    }
}
