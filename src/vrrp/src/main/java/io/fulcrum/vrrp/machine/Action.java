package io.fulcrum.vrrp.machine;

import io.fulcrum.vrrp.packet.DropReason;
import java.net.InetAddress;
import java.util.List;

/** What a {@link VrrpMachine} asks its runtime to do, in order. */
public sealed interface Action {

    /** Send one advert with this priority (0: "I stop", RFC 3768 §6.4.3). */
    record SendAdvert(int priority) implements Action {}

    /** Put the virtual addresses on the interface: {@code only} these (a reconfigured master's new ones), or all (null). */
    record AddAddresses(List<InetAddress> only) implements Action {
        public AddAddresses() {
            this(null);
        }

        public AddAddresses {
            only = only == null ? null : List.copyOf(only);
        }
    }

    /** Take the virtual addresses off the interface: {@code only} these (the ones a reconfiguration dropped), or all (null). */
    record RemoveAddresses(List<InetAddress> only) implements Action {
        public RemoveAddresses() {
            this(null);
        }

        public RemoveAddresses {
            only = only == null ? null : List.copyOf(only);
        }
    }

    /**
     * Gratuitous ARP (IPv4) / unsolicited neighbour advertisement (IPv6), {@code repeat} times, for
     * {@code only} these virtual addresses, or every one (null).
     */
    record Announce(int repeat, List<InetAddress> only) implements Action {
        public Announce(int repeat) {
            this(repeat, null);
        }

        public Announce {
            only = only == null ? null : List.copyOf(only);
        }
    }

    /** Run the kernel's IPVS sync daemon in this role (keepalived lvs_sync_daemon); null: stop it. */
    record SyncDaemon(Role role) implements Action {
        public enum Role {
            MASTER,
            BACKUP
        }
    }

    /** The instance changed state: log it, report it, hand it to a notify hook. */
    record Transition(State from, State to, String reason) implements Action {}

    /** An advert was dropped; {@code first} is true the first time for this reason (log it then only). */
    record Dropped(DropReason reason, InetAddress source, String detail, boolean first) implements Action {}

    /** Something worth a log line that is not a transition (preempt delay started, a lower-priority master seen). */
    record Note(String message) implements Action {}
}
