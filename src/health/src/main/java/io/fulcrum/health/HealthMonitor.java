package io.fulcrum.health;

import io.fulcrum.health.probe.NettyProber;
import io.fulcrum.health.probe.Prober;
import io.fulcrum.health.probe.ScriptRunner;
import io.fulcrum.health.schedule.LoopTimer;
import io.fulcrum.health.schedule.Timer;
import io.fulcrum.health.spec.CheckSpecs;
import io.fulcrum.health.spec.HealthConfigException;
import io.fulcrum.health.spec.ScriptPolicy;
import io.fulcrum.model.VirtualServer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The agent's health checker (keepalived's checker process): give it the desired virtual servers
 * with {@link #update}, read the verdicts with {@link #view()} and
 * {@link HealthView#effectiveDestinations}, and receive every change as a {@link HealthEvent}.
 *
 * <p>Threads: the state lives on one event-loop thread (the {@link Timer}'s); probes run on a small
 * Netty NIO event-loop group; scripts are started from one extra thread. {@link #update} and
 * {@link #view()} may be called from any thread.
 */
public final class HealthMonitor implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HealthMonitor.class.getName());

    /**
     * @param ioThreads        event-loop threads for probes (1 handles 10,000 TCP checks a second)
     * @param allowedScriptDir the only directory misc check scripts may come from (this director's
     *                         local configuration), or null: no misc checks
     */
    public record Options(int ioThreads, Path allowedScriptDir, Clock clock) {
        public static Options defaults() { return new Options(1, null, Clock.systemUTC()); }

        public Options withScripts(Path dir) { return new Options(ioThreads, dir, clock); }

        public Options withIoThreads(int n) { return new Options(n, allowedScriptDir, clock); }
    }

    private final Timer timer;
    private final ScriptPolicy scripts;
    private final Set<io.fulcrum.model.Enums.CheckType> available;
    private final Engine engine;
    private final List<HealthListener> listeners = new CopyOnWriteArrayList<>();
    private final AutoCloseable[] resources;

    /** A monitor on the given timer and prober (tests give fakes; see {@link #start}). */
    public HealthMonitor(Timer timer, Prober prober, ScriptPolicy scripts, AutoCloseable... resources) {
        this.timer = timer;
        this.scripts = scripts;
        this.available = prober.types();
        this.engine = new Engine(timer, prober, this::publish);
        this.resources = resources;
    }

    /** A monitor with its own event-loop group, probing the real network. */
    public static HealthMonitor start(Options o) {
        EventLoopGroup group = new NioEventLoopGroup(Math.max(1, o.ioThreads()), new DefaultThreadFactory("fulcrum-health", true));
        try {
            ScriptPolicy policy = o.allowedScriptDir() == null ? ScriptPolicy.none()
                    : ScriptPolicy.allowing(o.allowedScriptDir(), ScriptRunner.runningAsRoot());
            ScriptRunner runner = policy.enabled() ? new ScriptRunner(policy, group) : null;
            Timer timer = new LoopTimer(group.next(), o.clock());
            AutoCloseable closeGroup = () -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            return runner == null
                    ? new HealthMonitor(timer, new NettyProber(group, null), policy, closeGroup)
                    : new HealthMonitor(timer, new NettyProber(group, runner), policy, runner, closeGroup);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /**
     * Makes {@code virtualServers} the checked set (this director's: {@code ConfigDocument.servedBy}).
     * Checks that did not change keep running with their state; changed ones keep their verdict;
     * removed ones stop.
     *
     * @throws HealthConfigException when any check cannot run (every reason listed, each naming its
     *                               field); then nothing changes
     */
    public synchronized void update(List<VirtualServer> virtualServers) {
        List<CheckSpecs.Planned> plan = CheckSpecs.resolve(virtualServers, scripts, available);
        onTimer(() -> {
            engine.apply(plan, virtualServers);
            return null;
        });
    }

    /** A consistent snapshot of every verdict. */
    public HealthView view() { return onTimer(engine::view); }

    /** Distinct checks running (identical checks of a real server shared by virtual servers count once). */
    public int runningChecks() { return onTimer(engine::runningChecks); }

    public void addListener(HealthListener l) { listeners.add(l); }

    public void removeListener(HealthListener l) { listeners.remove(l); }

    private void publish(HealthEvent e) {
        for (HealthListener l : listeners) {
            try {
                l.onEvent(e);
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "health listener failed on " + e.getClass().getSimpleName(), ex);
            }
        }
    }

    private <T> T onTimer(Supplier<T> work) {
        if (timer.inTimerThread()) return work.get();
        CompletableFuture<T> f = new CompletableFuture<>();
        timer.execute(() -> {
            try {
                f.complete(work.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    /** Stops every check (omega virtual servers report their quorum loss first) and releases the threads. */
    @Override
    public synchronized void close() {
        try {
            onTimer(() -> {
                engine.close();
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the health checks failed", e);
        }
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "releasing a health check resource failed", e);
            }
        }
    }
}
