package io.fulcrum.health.schedule;

import io.fulcrum.health.decide.CheckResult;
import io.fulcrum.health.probe.ProbeResult;
import io.fulcrum.health.probe.Prober;
import io.fulcrum.health.spec.CheckSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Runs one check in rounds, every {@code interval} from the planned start of the previous round (a fixed
 * rate, so that a server that stops answering is judged after exactly fall × interval). A round is up
 * to {@code attempts} probes with {@code delayBeforeRetry} between them; its result is the first good
 * probe or the last failed one. Rounds never overlap: a round that outlasts the interval delays the
 * next one to the following tick. All state is touched on the {@link Timer}'s thread only.
 */
public final class CheckRunner {
    private final CheckSpec spec;
    private final Timer timer;
    private final Prober prober;
    private final Consumer<CheckResult> onRound;

    private boolean stopped;
    private Timer.Cancellable pending;
    private Instant planned; // when the current round was due: the grid rounds stay on
    private Instant roundStart; // when it actually started
    private int attempt;
    private long generation; // tells a stale probe result (from before stop) from a current one
    private CompletableFuture<ProbeResult> inFlight; // the probe running now, cancelled on stop
    // allocated once: a task that waits a whole interval would otherwise outlive a young GC each round
    private final Runnable startRound = this::startRound;
    private final Runnable retry = this::probe;

    public CheckRunner(CheckSpec spec, Timer timer, Prober prober, Consumer<CheckResult> onRound) {
        this.spec = spec;
        this.timer = timer;
        this.prober = prober;
        this.onRound = onRound;
    }

    public CheckSpec spec() {
        return spec;
    }

    /** Starts the first round after {@code firstDelay} (see {@link Jitter}). */
    public void start(Duration firstDelay) {
        planned = timer.now().plus(firstDelay);
        pending = timer.schedule(firstDelay, startRound);
    }

    /**
     * Stops: no more rounds. A probe in flight is cancelled (a script is killed, a connection closed)
     * and its result ignored.
     */
    public void stop() {
        stopped = true;
        generation++;
        if (pending != null) pending.cancel();
        pending = null;
        CompletableFuture<ProbeResult> f = inFlight;
        inFlight = null;
        if (f != null) f.cancel(false);
    }

    private void startRound() {
        if (stopped) return;
        roundStart = timer.now();
        attempt = 0;
        probe();
    }

    private void probe() {
        pending = null;
        if (stopped) return;
        attempt++;
        long gen = generation;
        CompletionStage<ProbeResult> f;
        try {
            f = prober.probe(spec);
        } catch (RuntimeException e) {
            attemptDone(gen, ProbeResult.fail("checker error: " + e));
            return;
        }
        if (f instanceof CompletableFuture<ProbeResult> cf && !cf.isDone()) inFlight = cf;
        f.whenComplete((r, e) -> {
            ProbeResult res = e != null ? ProbeResult.fail("checker error: " + e) : r;
            if (timer.inTimerThread()) attemptDone(gen, res);
            else timer.execute(() -> attemptDone(gen, res));
        });
    }

    private void attemptDone(long gen, ProbeResult r) {
        if (stopped || gen != generation) return;
        inFlight = null;
        if (!r.ok() && attempt < spec.attempts()) {
            pending = timer.schedule(spec.delayBeforeRetry(), retry);
            return;
        }
        Instant now = timer.now();
        String reason = !r.ok() && attempt > 1 ? r.reason() + " (" + attempt + " attempts)" : r.reason();
        CheckResult result =
                new CheckResult(r.ok(), reason, r.weight(), roundStart, Duration.between(roundStart, now), attempt);
        scheduleNextRound(now);
        onRound.accept(result);
    }

    /**
     * The next tick of this check's grid (planned start + k × interval) after now. The grid is kept
     * even when a round started late (a busy event loop): otherwise every check delayed by one stall
     * would restart in the same instant and the spread given by {@link Jitter} would be lost.
     */
    private void scheduleNextRound(Instant now) {
        if (stopped) return;
        Instant next = planned.plus(spec.interval());
        if (!next.isAfter(now)) {
            long late = Duration.between(planned, now).toNanos();
            long step = spec.interval().toNanos();
            next = planned.plusNanos((late / step + 1) * step);
        }
        planned = next;
        pending = timer.schedule(Duration.between(now, next), startRound);
    }
}
