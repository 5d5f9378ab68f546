package io.fulcrum.vrrp.machine;

import io.fulcrum.vrrp.packet.Advertisement;
import java.net.InetAddress;

/** What drives a {@link VrrpMachine}. Time is not an event field: every call passes "now". */
public sealed interface Event {

    /** Leave Initialize (RFC 3768 §6.4.1 "Startup event"). */
    record Startup() implements Event {}

    /** The clock reached {@link VrrpMachine#nextDeadline()}: fire whatever timer is due. */
    record Tick() implements Event {}

    /** An advert that passed the packet checks (AdvertCodec); the instance checks are the machine's. */
    record AdvertReceived(InetAddress source, Advertisement advert) implements Event {}

    /** The VRRP interface or a tracked interface went up or down. */
    record LinkChanged(String iface, boolean up) implements Event {}

    /** A priority contribution from {@code source} (e.g. a virtual server with no healthy real server); replaces its previous one. */
    record PriorityAdjusted(String source, int delta) implements Event {}

    /**
     * A tracked condition without a weight (a track script of weight 0, a tracked virtual server without
     * a weight): while {@code fault} is true the instance is in FAULT, like an unweighted tracked
     * interface that is down. {@code fault} null: not known yet (a script before its first result); as
     * keepalived holds an instance in init while such a script is in its init state, a {@link Startup}
     * waits until every such source has reported.
     */
    record TrackFault(String source, Boolean fault) implements Event {}

    /** Graceful stop (RFC 3768 §6.4.3 "Shutdown event"): a master advertises priority 0 and lets go. */
    record Shutdown() implements Event {}

    /** Set by the sync group: another member is in FAULT (true) or none is any longer (false). */
    record SyncGroupFault(boolean fault) implements Event {}

    /** Set by the sync group: another member moved to MASTER or BACKUP; follow it. */
    record SyncGroupFollow(State state) implements Event {}
}
