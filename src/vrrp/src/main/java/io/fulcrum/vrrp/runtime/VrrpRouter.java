package io.fulcrum.vrrp.runtime;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Enums;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.netlink.NetlinkException;
import io.fulcrum.vrrp.machine.Action;
import io.fulcrum.vrrp.machine.Counters;
import io.fulcrum.vrrp.machine.Event;
import io.fulcrum.vrrp.machine.InstanceConfig;
import io.fulcrum.vrrp.machine.State;
import io.fulcrum.vrrp.machine.VrrpEngine;
import io.fulcrum.vrrp.machine.VrrpMachine;
import io.fulcrum.vrrp.packet.AdvertCodec;
import io.fulcrum.vrrp.packet.Advertisement;
import io.fulcrum.vrrp.packet.Decoded;
import io.fulcrum.vrrp.packet.DropReason;
import io.fulcrum.vrrp.packet.Vrrp;

/**
 * Runs a director's VRRP instances: one thread drives the {@link VrrpEngine} from received adverts,
 * timers and link changes, and carries out its actions on a {@link Host}. {@link #run} blocks until
 * {@link #stop}, which makes every master advertise priority 0 and give its addresses back.
 */
public final class VrrpRouter {
    /** How often links (the VRRP interfaces, the tracked ones) are looked at. */
    static final long LINK_POLL_NANOS = 100_000_000L;
    /** The longest {@link #stop} waits for the graceful goodbye. */
    static final long STOP_WAIT_MILLIS = 5_000;
    /**
     * Received datagrams waiting for the router thread, at most. Far above a legitimate burst (255 VRIDs
     * per interface and family, a few adverts each), small in memory; beyond it a flood is dropped, counted.
     */
    static final int INBOX_CAPACITY = 4_096;
    /** At most one "inbox full" line per this interval: a flood must not flood the log too. */
    static final long INBOX_FULL_LOG_NANOS = 10_000_000_000L;

    /** Told of every transition (the status stream, a notify hook). */
    public interface Listener {
        void transition(String group, State from, State to, String reason);
    }

    private record Instance(VrrpMachine machine, VrrpGroup group, String channelKey) {}

    private record Inbound(String channelKey, Decoded decoded) {}

    private static final Object STOP = new Object();

    private final Host host;
    private final Consumer<String> log;
    private final Listener listener;
    private final LongSupplier clock;
    private final List<Instance> instances;
    private final VrrpEngine engine;
    private final Map<String, Host.Channel> channels = new LinkedHashMap<>();
    private final Map<String, Counters> receiverCounters = new LinkedHashMap<>();
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Map<String, Boolean> links = new LinkedHashMap<>();
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>(INBOX_CAPACITY);
    private final AtomicLong inboxDropped = new AtomicLong();
    /** When the last "inbox full" line was logged; {@code Long.MIN_VALUE}: never. */
    private final AtomicLong inboxFullLoggedAt = new AtomicLong(Long.MIN_VALUE);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private long nextLinkPoll;

    private VrrpRouter(Host host, List<Instance> instances, Consumer<String> log, Listener listener, LongSupplier clock) {
        this.host = host;
        this.log = log;
        this.listener = listener;
        this.clock = clock;
        this.instances = instances;
        this.engine = new VrrpEngine(instances.stream().map(Instance::machine).toList());
        for (Instance i : instances) states.put(i.group().name(), State.INITIALIZE);
    }

    /**
     * The instances {@code director} runs: every group of {@code doc} that lists it as a member.
     *
     * @throws ValidationException when a group cannot run here (no source address, a PASS group without its password)
     */
    public static VrrpRouter create(ConfigDocument doc, String director, Host host, Consumer<String> log, Listener listener) {
        return create(doc, director, host, log, listener, System::nanoTime);
    }

    /** {@link #create} on {@code clock} (nanoseconds, monotonic): tests drive the router with a manual one. */
    static VrrpRouter create(ConfigDocument doc, String director, Host host, Consumer<String> log, Listener listener, LongSupplier clock) {
        List<Instance> instances = new ArrayList<>();
        Map<String, InetAddress> sources = new LinkedHashMap<>();
        for (int i = 0; i < doc.vrrpGroups().size(); i++) {
            VrrpGroup g = doc.vrrpGroups().get(i);
            if (!g.hasMember(director)) continue;
            String at = "/vrrpGroups/" + i;
            if (g.authentication() != null && g.authentication().type() == Enums.AuthType.PASS && g.authentication().password() == null) {
                throw new ValidationException(at + "/authentication/password", "group '" + g.name() + "' has auth type pass but the document carries no password");
            }
            boolean ipv6 = g.family() == Enums.AddressFamily.INET6;
            List<InetAddress> vips = g.virtualAddresses().stream().map(v -> v.address().address()).toList();
            InetAddress primary;
            try {
                primary = host.primaryAddress(g.iface(), ipv6, vips);
            } catch (NetlinkException e) {
                throw new ValidationException(at + "/interface", "group '" + g.name() + "': interface " + g.iface() + ": " + e.getMessage());
            }
            if (primary == null) {
                throw new ValidationException(at + "/interface", "group '" + g.name() + "': interface " + g.iface() + " has no "
                        + (ipv6 ? "IPv6 link-local" : "IPv4") + " address to send adverts from");
            }
            InstanceConfig c = InstanceConfig.of(g, director, primary);
            c.warnings().forEach(w -> log.accept("vrrp group " + g.name() + ": " + w));
            String key = g.iface() + (ipv6 ? "/v6" : "/v4");
            InetAddress other = sources.putIfAbsent(key, c.primaryAddress());
            if (other != null && !other.equals(c.primaryAddress())) {
                throw new ValidationException(at + "/members", "group '" + g.name() + "' sends from " + c.primaryAddress().getHostAddress()
                        + " but another group on " + g.iface() + " from " + other.getHostAddress() + "; one source per interface");
            }
            instances.add(new Instance(new VrrpMachine(c), g, key));
        }
        return new VrrpRouter(host, instances, log, listener, clock);
    }

    public boolean isEmpty() {
        return instances.isEmpty();
    }

    /** The current state of each group, by name (safe from any thread). */
    public Map<String, State> states() {
        return Map.copyOf(states);
    }

    /** Received datagrams dropped because the router thread was this far behind ({@link #INBOX_CAPACITY}); safe from any thread. */
    public long droppedReceived() {
        return inboxDropped.get();
    }

    /** Drives the instances until {@link #stop}. */
    public void run() {
        try {
            start();
            while (step(true)) {
                // one received advert, due timers, the link poll per turn
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            execute(engine.broadcast(new Event.Shutdown(), clock.getAsLong()));
        } finally {
            channels.values().forEach(Host.Channel::close);
            finished.countDown();
        }
    }

    /** Opens the advert channels, reads the links and starts every instance. */
    void start() {
        for (Instance i : instances) {
            String key = i.channelKey();
            if (!channels.containsKey(key)) {
                InstanceConfig c = i.machine().config();
                channels.put(key, host.open(c.iface(), c.primaryAddress() instanceof Inet6Address, c.primaryAddress(), d -> received(key, d)));
                receiverCounters.put(key, new Counters());
            }
            log.accept(i.group().name() + ": vrid " + i.group().vrid() + " on " + i.group().iface() + ", VRRPv" + i.group().version()
                    + ", priority " + i.machine().effectivePriority() + ", adverts from " + i.machine().config().primaryAddress().getHostAddress()
                    + (i.machine().config().unicast() ? " to " + i.machine().config().unicastPeers() : " to the group"));
        }
        long now = clock.getAsLong();
        pollLinks(now, false);
        execute(engine.broadcast(new Event.Startup(), now));
        nextLinkPoll = now + LINK_POLL_NANOS;
    }

    /**
     * One turn of the loop: takes one received advert (when {@code wait}, waits for one until the next
     * timer at most), then fires the timers that are due and polls the links when due.
     *
     * @return false once a stop was asked for and carried out (priority 0 sent, addresses given back)
     */
    boolean step(boolean wait) throws InterruptedException {
        long now = clock.getAsLong();
        Object in = wait
                ? inbox.poll(Math.max(0, Math.min(engine.nextDeadline(), nextLinkPoll) - now), TimeUnit.NANOSECONDS)
                : inbox.poll();
        now = clock.getAsLong();
        if (in == STOP || stopRequested) {
            execute(engine.broadcast(new Event.Shutdown(), now));
            return false;
        }
        if (in instanceof Inbound r) dispatch(r, now);
        if (now >= engine.nextDeadline()) execute(engine.broadcast(new Event.Tick(), now));
        if (now >= nextLinkPoll) {
            pollLinks(now, true);
            nextLinkPoll = now + LINK_POLL_NANOS;
        }
        return true;
    }

    /** Asks the loop to stop, without waiting. The flag, not the queue, carries it: the queue may be full. */
    void requestStop() {
        stopRequested = true;
        inbox.offer(STOP); // wakes a waiting loop; when full, the loop is not waiting
    }

    /** Received datagrams waiting for the router thread. */
    int queued() {
        return inbox.size();
    }

    /** Graceful stop from another thread (a shutdown hook): waits until the masters have said goodbye. */
    public void stop() {
        requestStop();
        try {
            finished.await(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * On a channel's receive thread: queue the datagram for the router thread, or, when the queue is
     * full, drop it at once (the receive thread never blocks), count it and say so at most every 10 s.
     */
    private void received(String channelKey, Decoded decoded) {
        if (inbox.offer(new Inbound(channelKey, decoded))) return;
        long dropped = inboxDropped.incrementAndGet();
        long now = clock.getAsLong();
        long last = inboxFullLoggedAt.get();
        if ((last == Long.MIN_VALUE || now - last >= INBOX_FULL_LOG_NANOS) && inboxFullLoggedAt.compareAndSet(last, now)) {
            log.accept("received adverts arrive faster than they are handled: " + INBOX_CAPACITY + " are waiting; dropping what arrives on "
                    + channelKey + " (" + dropped + " dropped so far; logged at most every " + INBOX_FULL_LOG_NANOS / 1_000_000_000L + " s)");
        }
    }

    private void pollLinks(long now, boolean announce) {
        Set<String> names = new HashSet<>();
        for (Instance i : instances) {
            names.add(i.group().iface());
            i.group().trackInterfaces().forEach(t -> names.add(t.iface()));
        }
        for (String name : names) {
            boolean up;
            try {
                up = host.linkUp(name);
            } catch (NetlinkException e) {
                up = false;
            }
            Boolean before = links.put(name, up);
            if (before == null ? !up || !announce : before != up) {
                if (announce || !up) log.accept("interface " + name + (up ? " is up" : " is down"));
                execute(engine.broadcast(new Event.LinkChanged(name, up), now));
            }
        }
    }

    private void dispatch(Inbound r, long now) {
        Counters counters = receiverCounters.get(r.channelKey());
        if (r.decoded() instanceof Decoded.Dropped d) {
            if (counters.drop(d.reason())) log.accept("dropped an advert on " + r.channelKey() + ": " + d.reason() + ": " + d.detail() + " (counted; logged once)");
            return;
        }
        Decoded.Valid v = (Decoded.Valid) r.decoded();
        for (Instance i : instances) {
            if (i.channelKey().equals(r.channelKey()) && i.machine().config().vrid() == v.advert().vrid()) {
                execute(engine.handle(i.machine(), new Event.AdvertReceived(v.source(), v.advert()), now));
                return;
            }
        }
        if (counters.drop(DropReason.VRID)) {
            log.accept("dropped an advert on " + r.channelKey() + " from " + v.source().getHostAddress() + ": no group with vrid "
                    + v.advert().vrid() + " here (counted; logged once)");
        }
    }

    private void execute(List<VrrpEngine.Output> outputs) {
        for (VrrpEngine.Output o : outputs) {
            Instance i = instance(o.machine());
            try {
                execute(i, o.action());
            } catch (RuntimeException e) {
                log.accept(i.group().name() + ": " + describe(o.action()) + " failed: " + e.getMessage());
            }
        }
    }

    private void execute(Instance i, Action action) {
        InstanceConfig c = i.machine().config();
        VrrpGroup g = i.group();
        if (action instanceof Action.SendAdvert s) {
            Advertisement a = c.version() == Vrrp.VERSION_2
                    ? Advertisement.v2(c.vrid(), s.priority(), c.intervalUnits(), c.virtualAddresses(), c.authData())
                    : Advertisement.v3(c.vrid(), s.priority(), c.intervalUnits(), c.virtualAddresses());
            List<InetAddress> destinations = c.unicast() ? c.unicastPeers()
                    : List.of(c.primaryAddress() instanceof Inet6Address ? Vrrp.GROUP_V6 : Vrrp.GROUP_V4);
            for (InetAddress d : destinations) channels.get(i.channelKey()).send(AdvertCodec.encode(a, c.primaryAddress(), d), d);
        } else if (action instanceof Action.AddAddresses) {
            for (VrrpGroup.VirtualAddress v : g.virtualAddresses()) host.addAddress(device(g, v), v.address());
        } else if (action instanceof Action.RemoveAddresses) {
            for (VrrpGroup.VirtualAddress v : g.virtualAddresses()) {
                try {
                    host.removeAddress(device(g, v), v.address());
                } catch (RuntimeException e) {
                    log.accept(g.name() + ": removing " + v.address() + " failed: " + e.getMessage());
                }
            }
        } else if (action instanceof Action.Announce a) {
            Map<String, List<InetAddress>> byDevice = new LinkedHashMap<>();
            for (VrrpGroup.VirtualAddress v : g.virtualAddresses()) byDevice.computeIfAbsent(device(g, v), k -> new ArrayList<>()).add(v.address().address());
            byDevice.forEach((dev, addresses) -> host.announce(dev, addresses, a.repeat()));
        } else if (action instanceof Action.SyncDaemon s) {
            host.syncDaemon(c.connectionSync(), s.role());
        } else if (action instanceof Action.Transition t) {
            states.put(g.name(), t.to());
            log.accept(g.name() + " (vrid " + g.vrid() + " on " + g.iface() + "): " + t.from() + " -> " + t.to() + ": " + t.reason()
                    + " [priority " + i.machine().effectivePriority() + "]");
            listener.transition(g.name(), t.from(), t.to(), t.reason());
        } else if (action instanceof Action.Dropped d) {
            if (d.first()) log.accept(g.name() + ": dropped an advert from " + d.source().getHostAddress() + ": " + d.reason() + ": " + d.detail() + " (counted; logged once)");
        } else if (action instanceof Action.Note n) {
            log.accept(g.name() + ": " + n.message());
        }
    }

    private static String device(VrrpGroup g, VrrpGroup.VirtualAddress v) {
        return v.device() != null ? v.device() : g.iface();
    }

    private Instance instance(VrrpMachine m) {
        for (Instance i : instances) if (i.machine() == m) return i;
        throw new IllegalStateException("unknown machine " + m);
    }

    private static String describe(Action a) {
        return a.getClass().getSimpleName();
    }
}
