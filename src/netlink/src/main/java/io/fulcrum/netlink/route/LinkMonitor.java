package io.fulcrum.netlink.route;

import io.fulcrum.netlink.DumpInterruptedException;
import io.fulcrum.netlink.Errno;
import io.fulcrum.netlink.ErrnoException;
import io.fulcrum.netlink.NetlinkMessage;
import io.fulcrum.netlink.NetlinkSocket;
import io.fulcrum.netlink.NetlinkTransport;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's link notifications: a NETLINK_ROUTE socket in the multicast group RTNLGRP_LINK
 * ({@code linux/rtnetlink.h}, enum rtnetlink_groups), on which the kernel sends, unasked (sequence number
 * and port id 0), an RTM_NEWLINK with the whole {@code struct ifinfomsg} and attributes whenever a link
 * appears or changes (flags, carrier, address, name) and an RTM_DELLINK when one goes away
 * ({@code rtmsg_ifinfo}, net/core/rtnetlink.c).
 *
 * <p>When notifications arrive faster than they are read, the socket's receive buffer overruns: the
 * kernel drops them and the next receive fails with ENOBUFS (netlink(7)). What was lost cannot be
 * known, so the monitor then reads and discards what is still queued and answers with one link dump
 * (RTM_GETLINK) instead, marked {@link Batch#complete() complete}: every link that exists, newer than
 * anything dropped. Notifications after the dump follow as usual.
 *
 * <p>One thread calls {@link #next}; the dump runs on its own request socket.
 *
 * <pre>{@code try (LinkMonitor links = LinkMonitor.open()) { Batch b = links.next(Duration.ofMillis(200)); } }</pre>
 */
public final class LinkMonitor implements AutoCloseable {
    /** At most this many queued datagrams are discarded after an overrun before the dump is taken regardless. */
    static final int DRAIN_LIMIT = 4_096;
    /** A dump the kernel marks interrupted (NLM_F_DUMP_INTR: links changed during it) is taken again, this often at most. */
    static final int DUMP_ATTEMPTS = 5;

    /** One thing the kernel said: the link is now as {@code link} describes it, or ({@code removed}) it is gone. */
    public record Event(Link link, boolean removed) {}

    /**
     * What one {@link #next} call learnt, in the kernel's order.
     *
     * @param complete true after an overrun: {@code events} is one dump, every link that exists; a link not in it is gone
     */
    public record Batch(List<Event> events, boolean complete) {
        public Batch {
            events = List.copyOf(events);
        }

        static final Batch NOTHING = new Batch(List.of(), false);
    }

    private final NetlinkTransport notifications;
    private final RouteClient dumps;

    /** {@code notifications} is already subscribed to RTNLGRP_LINK; {@code dumps} answers the resynchronising dump. */
    public LinkMonitor(NetlinkTransport notifications, RouteClient dumps) {
        this.notifications = notifications;
        this.dumps = dumps;
    }

    /** A monitor of the caller's network namespace: a new socket subscribed to RTNLGRP_LINK, and one for dumps. */
    public static LinkMonitor open() {
        NetlinkSocket socket = NetlinkSocket.openRoute();
        try {
            socket.subscribe(Rtnetlink.RTNLGRP_LINK);
            return new LinkMonitor(socket, RouteClient.open());
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * The notifications of the next datagram, waiting at most {@code timeout} for it (an empty batch when
     * none came); after an overrun, one dump instead ({@link Batch#complete()}).
     *
     * @throws io.fulcrum.netlink.MalformedMessageException when the kernel's message cannot be parsed
     *         (then {@link #resynchronise()} recovers what it said)
     */
    public Batch next(Duration timeout) {
        if (!notifications.awaitReadable(timeout)) return Batch.NOTHING;
        ByteBuffer datagram;
        try {
            datagram = notifications.receive();
        } catch (ErrnoException e) {
            if (e.errno() != Errno.ENOBUFS.number()) throw e;
            return resynchronise();
        }
        return new Batch(parse(datagram), false);
    }

    /**
     * Discards the notifications still queued (they may be older than what was lost) and dumps every link:
     * the state now. Notifications that arrive during the dump are read by the next {@link #next} and
     * describe changes at least as new as the dump, so applying them after it ends in the right state.
     */
    public Batch resynchronise() {
        for (int i = 0; i < DRAIN_LIMIT && notifications.awaitReadable(Duration.ZERO); i++) {
            try {
                notifications.receive();
            } catch (ErrnoException e) {
                if (e.errno() != Errno.ENOBUFS.number()) throw e;
            }
        }
        for (int attempt = 1; ; attempt++) {
            try {
                List<Event> events = new ArrayList<>();
                for (Link l : dumps.links()) events.add(new Event(l, false));
                return new Batch(events, true);
            } catch (DumpInterruptedException e) {
                if (attempt == DUMP_ATTEMPTS) throw e;
            }
        }
    }

    /**
     * The RTM_NEWLINK / RTM_DELLINK messages of one datagram; other types (none are sent to this group)
     * are skipped.
     */
    static List<Event> parse(ByteBuffer datagram) {
        List<Event> events = new ArrayList<>();
        for (NetlinkMessage m : NetlinkMessage.parseAll(datagram)) {
            int type = m.header().type();
            if (type == Rtnetlink.RTM_NEWLINK) events.add(new Event(RouteCodec.parseLink(m), false));
            else if (type == Rtnetlink.RTM_DELLINK) events.add(new Event(RouteCodec.parseLink(m), true));
        }
        return events;
    }

    @Override
    public void close() {
        try {
            notifications.close();
        } finally {
            dumps.close();
        }
    }
}
