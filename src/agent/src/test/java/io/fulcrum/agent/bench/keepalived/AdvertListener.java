package io.fulcrum.agent.bench.keepalived;

import io.fulcrum.netlink.RawIpSocket;
import io.fulcrum.netlink.route.RouteClient;
import io.fulcrum.runtime.Threads;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Hears the director's VRRP adverts on the {@link Segment}, from its namespace (a raw socket for IP protocol
 * 112, RFC 3768 section 5.2.4, joined to 224.0.0.18), and keeps when each arrived: the fleet's group, sent
 * from the director's address. Runs for the whole benchmark; {@link AdvertGaps} reads a phase out of it.
 */
final class AdvertListener implements AutoCloseable {
    static final int IP_PROTOCOL_VRRP = 112;
    static final String GROUP = "224.0.0.18";

    private final List<Long> times = new ArrayList<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean closed;
    private volatile RuntimeException failure;

    AdvertListener() {
        thread = Threads.start("bench-keepalived-adverts", this::run);
        try {
            if (!ready.await(60, TimeUnit.SECONDS))
                throw new IllegalStateException("advert listener not ready in 60 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (failure != null) throw failure;
    }

    private void run() {
        RawIpSocket socket;
        try {
            Segment.join();
            int ifindex;
            try (RouteClient route = RouteClient.open()) {
                ifindex = route.linkIndex(Segment.PEER_INTERFACE);
            }
            socket = RawIpSocket.open(false, IP_PROTOCOL_VRRP);
            socket.bindToDevice(Segment.PEER_INTERFACE);
            socket.joinGroup(InetAddress.getByName(GROUP), ifindex);
        } catch (Exception e) {
            failure = new IllegalStateException("advert listener: " + e.getMessage(), e);
            ready.countDown();
            return;
        }
        ready.countDown();
        try (socket) {
            while (!closed) {
                RawIpSocket.Datagram d = socket.receive(Duration.ofMillis(200));
                if (d == null) continue;
                long now = System.nanoTime();
                if (fromTheDirector(d.data(), Fleet.VRID))
                    synchronized (times) {
                        times.add(now);
                    }
            }
        } catch (RuntimeException e) {
            if (!closed) failure = e;
        }
    }

    /**
     * Whether an IPv4 datagram (header included) is a VRRP advert of group {@code vrid} from the director:
     * source address, then the advert's version/type byte (type 1, ADVERTISEMENT) and its VRID (RFC 3768
     * section 5.3, RFC 5798 section 5.2).
     */
    static boolean fromTheDirector(byte[] ip, int vrid) {
        if (ip.length < 20) return false;
        int header = (ip[0] & 0x0f) * 4;
        if (ip.length < header + 8 || (ip[9] & 0xff) != IP_PROTOCOL_VRRP) return false;
        String source = (ip[12] & 0xff) + "." + (ip[13] & 0xff) + "." + (ip[14] & 0xff) + "." + (ip[15] & 0xff);
        return source.equals(Segment.DIRECTOR_ADDRESS) && (ip[header] & 0x0f) == 1 && (ip[header + 1] & 0xff) == vrid;
    }

    /** When each advert so far arrived (nanoTime, ascending). */
    List<Long> times() {
        if (failure != null) throw failure;
        synchronized (times) {
            return List.copyOf(times);
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.join(5000);
    }
}
