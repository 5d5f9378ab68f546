package io.fulcrum.vrrp.track;

import io.fulcrum.health.decide.Health;
import io.fulcrum.health.decide.RiseFall;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.vrrp.machine.Event;
import io.fulcrum.vrrp.machine.VrrpMachine;

/**
 * One track script of one group (keepalived's vrrp_script and track_script): when it runs and what its
 * results mean for the group. Pure: the runtime tells it the time, that a run started, and how it
 * ended; it answers with the event for the group's {@link VrrpMachine} when the script's effect changes.
 *
 * <p>As keepalived documents and does (keepalived.conf(5) vrrp_script; vrrp_track.c): exit status 0 is
 * a success, anything else (a timeout too) a failure. A script starts in an init state in which its
 * first result decides; after that, {@code fall} failures in a row take it down and {@code rise}
 * successes bring it back. Weight 0: while down, the group is in FAULT (and the group does not start
 * before the first result); weight &lt; 0: the priority drops by |weight| while down; weight &gt; 0: it
 * rises by weight while up. Before its first result a weighted script changes nothing.
 *
 * <p>It runs every {@code interval}, start to start, the first time at once; a start that comes while
 * the previous run still goes is skipped, as keepalived skips it.
 */
public final class ScriptTracker {
    private final VrrpGroup.TrackScript spec;
    private final String source;
    private final long intervalNanos;
    private RiseFall state; // null: no result yet (keepalived's init state)
    private long nextRunAt;
    private boolean running;
    private int runs;

    /** What changed: the machine's event, and a line for the log. */
    public record Change(Event event, String message) {}

    public ScriptTracker(VrrpGroup.TrackScript spec, long now) {
        this.spec = spec;
        this.source = "track script " + spec.name();
        this.intervalNanos = Math.max(1, spec.interval().toNanos());
        this.nextRunAt = now;
    }

    public VrrpGroup.TrackScript spec() {
        return spec;
    }

    /** The name the group's machine knows its effect by ("track script chk-haproxy"). */
    public String source() {
        return source;
    }

    /** UP, DOWN, or null before the first result. */
    public Health health() {
        return state == null ? null : state.health();
    }

    public boolean running() {
        return running;
    }

    /** When it is to run next; {@link VrrpMachine#NEVER} while it runs. */
    public long nextDeadline() {
        return running ? VrrpMachine.NEVER : nextRunAt;
    }

    public boolean due(long now) {
        return !running && now >= nextRunAt;
    }

    /** A run starts now: the next one is one interval after this one's slot. */
    public void started(long now) {
        running = true;
        runs++;
        nextRunAt = nextSlotAfter(now);
    }

    /** The first slot of the interval grid after {@code now}: missed slots are skipped, not made up for. */
    private long nextSlotAfter(long now) {
        if (nextRunAt > now) return nextRunAt;
        long missed = (now - nextRunAt) / intervalNanos + 1;
        return nextRunAt + missed * intervalNanos;
    }

    /**
     * The run that started last ended: {@code ok} for exit status 0, {@code reason} says how it ended.
     * Returns the change when the script went up or down (or got its first result), else null.
     */
    public Change finished(boolean ok, String reason, long now) {
        running = false;
        nextRunAt = nextSlotAfter(now);
        Health was = health();
        state = state == null
                ? RiseFall.keeping(ok ? Health.UP : Health.DOWN).next(ok, spec.rise(), spec.fall())
                : state.next(ok, spec.rise(), spec.fall());
        if (was == health()) return null;
        Event after = effect();
        return new Change(
                after,
                source + " " + (health() == Health.UP ? "succeeded" : "failed") + " (" + reason + ")"
                        + (was == null
                                ? ""
                                : ok
                                        ? ", " + spec.rise() + " success(es) in a row"
                                        : ", " + spec.fall() + " failure(s) in a row")
                        + ": " + describe(after));
    }

    /** The event that tells the group's machine what this script does to it now (a weighted one without a result: nothing, delta 0). */
    public Event effect() {
        int w = spec.weight();
        if (w == 0) return new Event.TrackFault(source, state == null ? null : !state.up());
        if (state == null) return new Event.PriorityAdjusted(source, 0);
        boolean applies = w < 0 ? !state.up() : state.up(); // keepalived: -|w| while down, +w while up
        return new Event.PriorityAdjusted(source, applies ? w : 0);
    }

    private static String describe(Event e) {
        if (e instanceof Event.TrackFault f)
            return f.fault() ? "the group goes to FAULT (weight 0)" : "no fault from it";
        int d = ((Event.PriorityAdjusted) e).delta();
        return d == 0 ? "no priority change from it" : "priority " + (d > 0 ? "+" : "") + d;
    }

    @Override
    public String toString() {
        return source + " [" + (health() == null ? "init" : health()) + ", runs " + runs + "]";
    }
}
