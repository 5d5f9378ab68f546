package io.fulcrum.controlplane.chaos;

import io.fulcrum.runtime.Threads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy on loopback in front of one replica's gRPC port, so that the harness can cut every
 * connection through it at once ({@link #cut}: both sockets closed, the agents see a reset). The
 * target may be down: a connection to it then fails and the client's is closed.
 */
final class TcpProxy implements AutoCloseable {
    private record Pair(Socket client, Socket server) {
        void close() {
            quietly(client);
            quietly(server);
        }
    }

    private final int target;
    private final ServerSocket listener;
    private final ExecutorService pumps;
    private final Set<Pair> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    TcpProxy(String name, int target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.pumps = Executors.newCachedThreadPool(Threads.factory("chaos-proxy-" + name, true));
        pumps.execute(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Closes every connection open through the proxy; returns how many. */
    int cut() {
        List<Pair> all = new ArrayList<>(open);
        for (Pair p : all) {
            open.remove(p);
            p.close();
        }
        return all.size();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                client.setTcpNoDelay(true);
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 2_000);
                server.setTcpNoDelay(true);
                Pair p = new Pair(client, server);
                open.add(p);
                pumps.execute(() -> pump(p, client, server));
                pumps.execute(() -> pump(p, server, client));
            } catch (IOException | RuntimeException e) {
                quietly(client);
            }
        }
    }

    private void pump(Pair p, Socket from, Socket to) {
        byte[] buf = new byte[16384];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) >= 0) out.write(buf, 0, n);
        } catch (IOException e) {
            // cut, or the peer went away
        } finally {
            open.remove(p);
            p.close();
        }
    }

    private static void quietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        quietly(listener);
        cut();
        pumps.shutdownNow();
    }

    private static void quietly(ServerSocket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
