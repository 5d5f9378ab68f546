package io.fulcrum.health;

import io.fulcrum.health.probe.NettyProber;
import io.fulcrum.health.probe.Prober;
import io.fulcrum.health.schedule.LoopTimer;
import io.fulcrum.health.schedule.Timer;
import io.fulcrum.health.spec.CheckSpecs;
import io.fulcrum.health.spec.HealthConfigException;
import io.fulcrum.model.Enums;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.runtime.Threads;
import io.fulcrum.scripts.ScriptPolicy;
import io.fulcrum.scripts.ScriptRunner;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The agent's health checker (keepalived's checker process): give it the desired virtual servers
 * with {@link #update}, read the verdicts with {@link #view()} and
 * {@link HealthView#effectiveDestinations}, and receive every change as a {@link HealthEvent}.
 *
 * <p>Threads: the state lives on one event-loop thread (the {@link Timer}'s); probes run on a small
 * Netty NIO event-loop group; scripts are started from one extra thread; listeners are called on a
 * thread of their own ({@link EventDispatcher}). {@link #update} and {@link #view()} may be called
 * from any thread; {@link #view()} and {@link #runningChecks()} read the last published snapshot
 * and never wait for the event loop.
 */
public final class HealthMonitor implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HealthMonitor.class.getName());
    /** How long {@link #close} waits for the event loop to stop the checks, and for listeners to take the last events. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

    /**
     * @param ioThreads        event-loop threads for probes (1 handles 10,000 TCP checks a second)
     * @param allowedScriptDir the only directory misc check scripts may come from (this director's
     *                         local configuration), or null: no misc checks
     */
    public record Options(int ioThreads, Path allowedScriptDir, Clock clock) {
        public static Options defaults() {
            return new Options(1, null, Clock.systemUTC());
        }

        public Options withScripts(Path dir) {
            return new Options(ioThreads, dir, clock);
        }

        public Options withIoThreads(int n) {
            return new Options(n, allowedScriptDir, clock);
        }
    }

    private final Timer timer;
    private final ScriptPolicy scripts;
    private final Set<Enums.CheckType> available;
    private final Engine engine;
    private final EventDispatcher events;
    private final AutoCloseable[] resources;
    private boolean closed;

    /** A monitor on the given timer and prober (tests give fakes; see {@link #start}); listeners on a thread of their own. */
    public HealthMonitor(Timer timer, Prober prober, ScriptPolicy scripts, AutoCloseable... resources) {
        this(timer, prober, scripts, EventDispatcher.onOwnThread(), resources);
    }

    /** A monitor that hands its events to {@code events} (tests deliver them on the fake timer's thread). */
    HealthMonitor(
            Timer timer, Prober prober, ScriptPolicy scripts, EventDispatcher events, AutoCloseable... resources) {
        this.timer = timer;
        this.scripts = scripts;
        this.available = prober.types();
        this.events = events;
        this.engine = new Engine(timer, prober, events::offer);
        this.resources = resources;
    }

    /** A monitor with its own event-loop group, probing the real network. */
    public static HealthMonitor start(Options o) {
        EventLoopGroup group =
                new NioEventLoopGroup(Math.max(1, o.ioThreads()), new DefaultThreadFactory("fulcrum-health", true));
        try {
            ScriptPolicy policy = o.allowedScriptDir() == null
                    ? ScriptPolicy.none()
                    : ScriptPolicy.allowing(o.allowedScriptDir(), ScriptRunner.runningAsRoot());
            ScriptRunner runner = policy.enabled() ? new ScriptRunner(policy, group) : null;
            Timer timer = new LoopTimer(group.next(), o.clock());
            AutoCloseable closeGroup =
                    () -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            // ping checks block on a raw ICMP socket, which only root may open (the JDK would fall back to
            // TCP port 7 without telling): without root, type ping is refused as not available
            ExecutorService pings = ScriptRunner.runningAsRoot() ? Threads.pool("fulcrum-health-ping", 4) : null;
            AutoCloseable closePings = () -> {
                if (pings != null) Threads.shutdown(pings, 1000);
            };
            NettyProber prober = new NettyProber(group, runner, pings);
            return runner == null
                    ? new HealthMonitor(timer, prober, policy, closePings, closeGroup)
                    : new HealthMonitor(timer, prober, policy, runner, closePings, closeGroup);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /**
     * Makes {@code virtualServers} the checked set (this director's: {@code ConfigDocument.servedBy}).
     * Checks that did not change keep running with their state; changed ones keep their verdict;
     * removed ones stop (a script they are running is killed). Waits for the event loop to take the
     * new set, so that {@link #view()} shows it on return.
     *
     * @throws HealthConfigException when any check cannot run (every reason listed, each naming its
     *                               field); then nothing changes
     */
    public synchronized void update(List<VirtualServer> virtualServers) {
        List<CheckSpecs.Planned> plan = CheckSpecs.resolve(virtualServers, scripts, available);
        try {
            onTimer(() -> engine.apply(plan, virtualServers)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    /**
     * Changes the checked set by {@code changed} (virtual servers added or changed; this director's) and
     * {@code removed} (names): the same as {@link #update(List)} with the whole set so changed, in
     * proportion to the change. Checks of other virtual servers are not looked at.
     *
     * @throws HealthConfigException when a check of {@code changed} cannot run; then nothing changes
     */
    public synchronized void update(List<VirtualServer> changed, Set<String> removed) {
        List<CheckSpecs.Planned> plan = CheckSpecs.resolve(changed, scripts, available);
        try {
            onTimer(() -> engine.applyChanges(plan, changed, removed)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    /**
     * A consistent snapshot of every verdict: the last one the event loop published, after every
     * update at once and after rounds at most 20 ms late (more beyond 1,000 real servers: 200 ms at
     * 10,000). Never blocks.
     */
    public HealthView view() {
        return engine.published().view();
    }

    /** Distinct checks running (identical checks of a real server shared by virtual servers count once). Never blocks. */
    public int runningChecks() {
        return engine.published().runningChecks();
    }

    /** {@code l} gets every later event, in order, on the monitor's listener thread (see {@link HealthListener}). */
    public void addListener(HealthListener l) {
        events.addListener(l);
    }

    public void removeListener(HealthListener l) {
        events.removeListener(l);
    }

    /** Events not delivered because the listeners fell 4,096 events behind. */
    public long droppedEvents() {
        return events.dropped();
    }

    /** Runs {@code work} on the timer's thread; the future ends with it (or with what it threw). */
    private CompletableFuture<Void> onTimer(Runnable work) {
        if (timer.inTimerThread()) {
            work.run();
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        timer.execute(() -> {
            try {
                work.run();
                f.complete(null);
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    /**
     * Stops every check (omega virtual servers report their quorum loss first; running scripts are
     * killed), delivers the last events and releases the threads. Each step is bounded: a stuck event
     * loop or listener delays it by 1 s at most; scripts get {@code ScriptRunner.GRACE} after SIGTERM.
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            onTimer(engine::close).get(CLOSE_WAIT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "the health checker's event loop did not stop the checks within " + CLOSE_WAIT.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the health checks failed", e);
        }
        events.close(CLOSE_WAIT);
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "releasing a health check resource failed", e);
            }
        }
    }
}
