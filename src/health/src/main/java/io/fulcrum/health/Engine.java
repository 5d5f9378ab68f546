package io.fulcrum.health;

import io.fulcrum.health.decide.CheckResult;
import io.fulcrum.health.decide.Decisions;
import io.fulcrum.health.decide.Health;
import io.fulcrum.health.decide.Quorum;
import io.fulcrum.health.decide.RealServerHealth;
import io.fulcrum.health.decide.RealServerRef;
import io.fulcrum.health.decide.RiseFall;
import io.fulcrum.health.decide.VirtualServerHealth;
import io.fulcrum.health.probe.Prober;
import io.fulcrum.health.schedule.CheckRunner;
import io.fulcrum.health.schedule.Jitter;
import io.fulcrum.health.schedule.Timer;
import io.fulcrum.health.spec.CheckSpec;
import io.fulcrum.health.spec.CheckSpecs;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.Validator;
import io.fulcrum.model.VirtualServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The health checker's state: one running check per distinct {@link CheckSpec} (shared by every real
 * server that has it), the real servers that use it, and each virtual server's quorum. Confined to
 * the {@link Timer}'s thread: every method runs there, except {@link #published()}.
 *
 * <p>What other threads see is an immutable {@link Published} snapshot in a volatile field, replaced
 * on this thread after every change: at once after {@link #apply} and {@link #close}, and after
 * rounds at most once per {@link #spacing()} (a rebuild copies every real server's state, so 10,000
 * checks a second must not cause 10,000 rebuilds a second). Events wait for the snapshot that
 * contains their change: a listener that reads the view on an event sees that change.
 */
final class Engine {
    /**
     * Least time between two snapshots caused by rounds, with up to 1,000 real servers: the most an
     * event waits for its snapshot. Beyond, {@link #PUBLISH_SPACING_PER_SERVER} each (200 ms at
     * 10,000), at most {@link #MAX_PUBLISH_SPACING}: a rebuild costs about 0.2 µs per real server, so
     * rebuilds take about 1 % of a core at any size.
     */
    static final Duration PUBLISH_SPACING = Duration.ofMillis(20);

    static final Duration PUBLISH_SPACING_PER_SERVER = Duration.ofNanos(20_000);
    static final Duration MAX_PUBLISH_SPACING = Duration.ofSeconds(1);

    /** What readers on other threads see: the view and the number of distinct running checks. */
    record Published(HealthView view, int runningChecks) {}

    private final Timer timer;
    private final Prober prober;
    private final Consumer<HealthEvent> emit;

    private Map<CheckSpec, Check> checks = new HashMap<>();
    private Map<RealServerRef, Member> members = new LinkedHashMap<>();
    private Map<String, VsState> virtualServers = new LinkedHashMap<>();
    private boolean closed;

    private volatile Published published = new Published(HealthView.EMPTY, 0);
    private final List<HealthEvent> outbox = new ArrayList<>(); // events waiting for their snapshot
    private Instant lastPublished; // null: nothing published yet
    private Timer.Cancellable publishLater; // a publication due at lastPublished + spacing

    Engine(Timer timer, Prober prober, Consumer<HealthEvent> emit) {
        this.timer = timer;
        this.prober = prober;
        this.emit = emit;
    }

    /** One running check and its verdict. */
    private final class Check {
        final CheckSpec spec;
        RiseFall state;
        CheckResult last;
        Instant since;
        String reason;
        Integer weight;
        List<Member> owners = new ArrayList<>();
        CheckRunner runner;
        boolean retired;

        Check(CheckSpec spec) {
            this.spec = spec;
        }

        void inherit(Check prev) {
            state = RiseFall.keeping(prev.state.health());
            last = prev.last;
            since = prev.since;
            reason = prev.reason;
            weight = prev.weight;
        }
    }

    /** A real server of a virtual server; {@code check} null: it has none and is always up. */
    private static final class Member {
        final RealServerRef ref;
        final VirtualServer vs;
        final RealServer rs;
        Check check;
        Instant since;

        Member(RealServerRef ref, VirtualServer vs, RealServer rs) {
            this.ref = ref;
            this.vs = vs;
            this.rs = rs;
        }
    }

    private static final class VsState {
        VirtualServer config;
        boolean quorumUp;
        boolean sorryActive;
        long aliveWeight;
    }

    /**
     * Makes {@code plan} the running set: checks already running with the same spec keep running
     * untouched; a check whose spec changed keeps the verdict of the check it replaces (same target,
     * or the same real server at the same address); new ones start in their initial state.
     */
    void apply(List<CheckSpecs.Planned> plan, List<VirtualServer> vss) {
        if (closed) throw new IllegalStateException("the health monitor is closed");
        Instant now = timer.now();
        Set<CheckSpec> wanted = new HashSet<>();
        for (CheckSpecs.Planned p : plan) if (p.spec() != null) wanted.add(p.spec());
        Map<CheckSpec.Target, Check> retiring = new HashMap<>();
        for (Check c : checks.values()) {
            c.owners = new ArrayList<>();
            if (!wanted.contains(c.spec)) retiring.putIfAbsent(c.spec.target(), c);
        }

        Map<CheckSpec, Check> nextChecks = new HashMap<>();
        Map<RealServerRef, Member> nextMembers = new LinkedHashMap<>();
        List<Check> started = new ArrayList<>();
        for (CheckSpecs.Planned p : plan) {
            Member m = new Member(p.ref(), p.virtualServer(), p.realServer());
            Member before = members.get(p.ref());
            m.since = before != null ? before.since : now;
            if (p.spec() != null) {
                Check c = nextChecks.get(p.spec());
                if (c == null) {
                    c = checks.get(p.spec());
                    if (c == null) c = start(p.spec(), before, retiring, now, started);
                    nextChecks.put(p.spec(), c);
                }
                c.owners.add(m);
                m.check = c;
            }
            nextMembers.put(p.ref(), m);
        }
        for (Check c : checks.values()) {
            if (!nextChecks.containsKey(c.spec)) {
                c.retired = true;
                c.runner.stop();
            }
        }
        checks = nextChecks;
        members = nextMembers;
        for (Check c : started) {
            c.runner = new CheckRunner(c.spec, timer, prober, r -> onRound(c, r));
            c.runner.start(Jitter.firstDelay(c.spec));
        }

        Map<String, VsState> next = new LinkedHashMap<>();
        for (VirtualServer v : vss) {
            VsState st = virtualServers.get(v.name());
            boolean fresh = st == null;
            if (fresh) {
                st = new VsState();
                st.quorumUp = true; // as if it had quorum: a new virtual server without it reports the loss
            }
            st.config = v;
            next.put(v.name(), st);
            evaluate(st, fresh);
        }
        for (VsState old : virtualServers.values()) {
            if (!next.containsKey(old.config.name())) omega(old, "omega: virtual server removed");
        }
        virtualServers = next;
        publishNow(); // update() returns with its result visible
    }

    /**
     * A new check of {@code spec}, added to {@code started}: it carries on the state of the check it replaces
     * (one retiring on the same target, or the member's last one at the same address), else starts afresh.
     */
    private Check start(
            CheckSpec spec, Member before, Map<CheckSpec.Target, Check> retiring, Instant now, List<Check> started) {
        Check c = new Check(spec);
        Check prev = retiring.get(spec.target());
        if (prev == null
                && before != null
                && before.check != null
                && before.check.spec.address().equals(spec.address())) prev = before.check;
        if (prev != null) {
            c.inherit(prev);
        } else {
            c.state = RiseFall.initial(spec.alpha());
            c.since = now;
            c.reason = spec.alpha() ? "alpha: down until checked" : "not checked yet";
        }
        started.add(c);
        return c;
    }

    /**
     * {@link #apply} for a running set changed only in {@code changed} (virtual servers added or changed,
     * {@code plan} their checks) and {@code removed} (names), in proportion to them: the same checks keep
     * running, the same verdicts are inherited, the same events are raised, and the snapshot published
     * differs from the last one only in their entries (unless a publication was due: then it is rebuilt).
     */
    void applyChanges(List<CheckSpecs.Planned> plan, List<VirtualServer> changed, Set<String> removed) {
        if (closed) throw new IllegalStateException("the health monitor is closed");
        Instant now = timer.now();
        Set<String> names = new LinkedHashSet<>();
        for (VirtualServer v : changed) names.add(v.name());
        names.addAll(removed);
        Map<RealServerRef, Member> old = new HashMap<>();
        for (String n : names) {
            VsState st = virtualServers.get(n);
            if (st == null) continue;
            for (RealServer r : st.config.realServers()) {
                RealServerRef ref = new RealServerRef(n, r.name());
                Member m = members.get(ref);
                if (m != null) old.put(ref, m);
            }
        }
        Set<CheckSpec> wanted = new HashSet<>();
        for (CheckSpecs.Planned p : plan) if (p.spec() != null) wanted.add(p.spec());
        Set<Check> left = new LinkedHashSet<>(); // the checks the old members had
        for (Member m : old.values()) {
            if (m.check == null) continue;
            m.check.owners.remove(m);
            left.add(m.check);
        }
        Map<CheckSpec.Target, Check> retiring = new HashMap<>();
        for (Check c : left)
            if (c.owners.isEmpty() && !wanted.contains(c.spec)) retiring.putIfAbsent(c.spec.target(), c);
        members.keySet().removeAll(old.keySet());

        Set<RealServerRef> touched = new HashSet<>(old.keySet());
        List<Check> started = new ArrayList<>();
        for (CheckSpecs.Planned p : plan) {
            Member m = new Member(p.ref(), p.virtualServer(), p.realServer());
            Member before = old.get(p.ref());
            m.since = before != null ? before.since : now;
            if (p.spec() != null) {
                Check c = checks.get(p.spec());
                if (c == null) {
                    c = start(p.spec(), before, retiring, now, started);
                    checks.put(p.spec(), c);
                }
                c.owners.add(m);
                m.check = c;
            }
            members.put(p.ref(), m);
            touched.add(p.ref());
        }
        for (Check c : left) {
            if (!c.owners.isEmpty()) continue;
            c.retired = true;
            c.runner.stop();
            checks.remove(c.spec);
        }
        for (Check c : started) {
            c.runner = new CheckRunner(c.spec, timer, prober, r -> onRound(c, r));
            c.runner.start(Jitter.firstDelay(c.spec));
        }

        for (VirtualServer v : changed) {
            VsState st = virtualServers.get(v.name());
            boolean fresh = st == null;
            if (fresh) {
                st = new VsState();
                st.quorumUp = true; // as if it had quorum: a new virtual server without it reports the loss
                virtualServers.put(v.name(), st);
            }
            st.config = v;
            evaluate(st, fresh);
        }
        for (String n : removed) {
            VsState st = virtualServers.remove(n);
            if (st != null) omega(st, "omega: virtual server removed");
        }
        publishChanged(touched, names);
    }

    /** One round of {@code c} ended. */
    private void onRound(Check c, CheckResult r) {
        if (c.retired) return;
        c.last = r;
        Health before = c.state.health();
        Integer weightBefore = c.weight;
        c.state = c.state.next(r.ok(), c.spec.rise(), c.spec.fall());
        if (r.ok()) c.weight = r.weight();
        boolean healthChanged = before != c.state.health();
        boolean weightChanged = c.state.up() && !Objects.equals(weightBefore, c.weight);
        if (!healthChanged && !weightChanged) {
            publishSoon(); // the round's result (last) changed
            return;
        }
        if (healthChanged) {
            c.since = timer.now();
            int n = c.state.up() ? c.spec.rise() : c.spec.fall();
            c.reason =
                    r.reason() + (n > 1 ? " (" + n + (c.state.up() ? " good" : " failed") + " checks in a row)" : "");
        } else {
            c.reason = r.reason();
        }
        Set<String> affected = new LinkedHashSet<>();
        for (Member m : c.owners) {
            outbox.add(new HealthEvent.RealServerChanged(
                    timer.now(),
                    m.ref.virtualServer(),
                    m.ref.realServer(),
                    c.spec.address(),
                    Validator.effectivePort(m.vs, m.rs),
                    c.state.health(),
                    c.weight,
                    c.reason,
                    r,
                    !healthChanged ? null : c.state.up() ? m.rs.notifyUp() : m.rs.notifyDown()));
            affected.add(m.ref.virtualServer());
        }
        for (String vs : affected) {
            VsState st = virtualServers.get(vs);
            if (st != null) evaluate(st, false);
        }
        publishSoon();
    }

    /** Recomputes quorum and the sorry server of one virtual server, reporting changes. */
    private void evaluate(VsState st, boolean fresh) {
        VirtualServer v = st.config;
        long alive = Decisions.aliveWeight(v, rs -> health(new RealServerRef(v.name(), rs)));
        boolean up = fresh
                ? Quorum.initial(alive, v.quorum(), v.hysteresis())
                : Quorum.next(st.quorumUp, alive, v.quorum(), v.hysteresis());
        st.aliveWeight = alive;
        if (up != st.quorumUp) {
            st.quorumUp = up;
            String why = up
                    ? "live weight " + alive + " >= quorum " + v.quorum() + " + hysteresis " + v.hysteresis()
                    : "live weight " + alive + " < quorum " + v.quorum() + " - hysteresis " + v.hysteresis();
            outbox.add(new HealthEvent.QuorumChanged(
                    timer.now(),
                    v.name(),
                    up,
                    alive,
                    v.quorum(),
                    v.hysteresis(),
                    up ? v.notifyQuorumUp() : v.notifyQuorumDown(),
                    why));
        }
        boolean sorry = v.sorryServer() != null && !up;
        if (sorry != st.sorryActive) {
            st.sorryActive = sorry;
            VirtualServer.SorryServer s = v.sorryServer();
            outbox.add(new HealthEvent.SorryServerChanged(
                    timer.now(),
                    v.name(),
                    sorry,
                    s == null ? null : s.address(),
                    s == null ? 0 : Validator.effectivePort(v, s)));
        }
    }

    /** keepalived omega: a virtual server that goes away with quorum reports its loss (runs notify_down). */
    private void omega(VsState st, String why) {
        VirtualServer v = st.config;
        if (!v.omega() || !st.quorumUp) return;
        st.quorumUp = false;
        outbox.add(new HealthEvent.QuorumChanged(
                timer.now(), v.name(), false, st.aliveWeight, v.quorum(), v.hysteresis(), v.notifyQuorumDown(), why));
    }

    private RealServerHealth health(RealServerRef ref) {
        Member m = members.get(ref);
        return m == null ? null : health(m);
    }

    private static RealServerHealth health(Member m) {
        Check c = m.check;
        if (c == null) return new RealServerHealth(Health.UP, "no health check", null, m.since, null, false);
        return new RealServerHealth(c.state.health(), c.reason, c.last, c.since, c.weight, true);
    }

    /** The last snapshot; any thread. */
    Published published() {
        return published;
    }

    /** Publishes now, or at the end of the spacing when the last snapshot is more recent than that. */
    private void publishSoon() {
        if (publishLater != null) return; // one is due already: it will include this change
        Instant now = timer.now();
        Instant due = lastPublished == null ? now : lastPublished.plus(spacing());
        if (!due.isAfter(now)) {
            publishNow();
        } else {
            publishLater = timer.schedule(Duration.between(now, due), () -> {
                publishLater = null;
                publishNow();
            });
        }
    }

    /** Least time between two snapshots caused by rounds, for the real servers there are now. */
    Duration spacing() {
        Duration d = PUBLISH_SPACING_PER_SERVER.multipliedBy(members.size());
        return d.compareTo(PUBLISH_SPACING) < 0
                ? PUBLISH_SPACING
                : d.compareTo(MAX_PUBLISH_SPACING) > 0 ? MAX_PUBLISH_SPACING : d;
    }

    /**
     * Publishes now a snapshot that differs from the last one in {@code refs} and {@code names} only; when a
     * publication is due (a round's change not published yet), a whole one.
     */
    private void publishChanged(Set<RealServerRef> refs, Set<String> names) {
        if (publishLater != null || lastPublished == null) {
            publishNow();
            return;
        }
        Map<RealServerRef, RealServerHealth> rs = new HashMap<>();
        for (RealServerRef ref : refs) {
            Member m = members.get(ref);
            rs.put(ref, m == null ? null : health(m));
        }
        Map<String, VirtualServerHealth> vs = new HashMap<>();
        for (String n : names) {
            VsState st = virtualServers.get(n);
            vs.put(n, st == null ? null : new VirtualServerHealth(st.quorumUp, st.aliveWeight, st.sorryActive));
        }
        HealthView last = published.view();
        published = new Published(
                new HealthView(Overlaid.of(last.realServers(), rs), Overlaid.of(last.virtualServers(), vs)),
                checks.size());
        lastPublished = timer.now();
        emitOutbox();
    }

    /** Replaces the snapshot, then hands the events it contains to the listeners, in order. */
    private void publishNow() {
        if (publishLater != null) {
            publishLater.cancel();
            publishLater = null;
        }
        published = new Published(view(), checks.size());
        lastPublished = timer.now();
        emitOutbox();
    }

    /** Hands the events waiting for the snapshot just published to the listeners, in order. */
    private void emitOutbox() {
        if (outbox.isEmpty()) return;
        List<HealthEvent> out = List.copyOf(outbox);
        outbox.clear();
        for (HealthEvent e : out) emit.accept(e);
    }

    /** Every verdict now, built straight into immutable maps (HealthView keeps them without a copy). */
    @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array: Map.ofEntries takes one
    private HealthView view() {
        Map.Entry<RealServerRef, RealServerHealth>[] rs = new Map.Entry[members.size()];
        int i = 0;
        for (Member m : members.values()) rs[i++] = Map.entry(m.ref, health(m));
        Map.Entry<String, VirtualServerHealth>[] vs = new Map.Entry[virtualServers.size()];
        i = 0;
        for (var e : virtualServers.entrySet()) {
            VsState st = e.getValue();
            vs[i++] = Map.entry(e.getKey(), new VirtualServerHealth(st.quorumUp, st.aliveWeight, st.sorryActive));
        }
        return new HealthView(Map.ofEntries(rs), Map.ofEntries(vs));
    }

    /** Stops every check; omega virtual servers report their quorum loss. */
    void close() {
        if (closed) return;
        closed = true;
        for (Check c : checks.values()) c.runner.stop();
        for (VsState st : virtualServers.values()) omega(st, "omega: shutting down");
        publishNow();
    }
}
