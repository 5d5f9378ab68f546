package io.fulcrum.health.hook;

import io.fulcrum.health.probe.ScriptRunner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs notify hooks (keepalived's notify scripts: a VRRP group's transitions, a real server going up
 * or down, a virtual server gaining or losing quorum) one at a time, in the order they were queued,
 * on a thread of its own, so that whoever queues one (the VRRP thread, the health listener) never
 * waits for it. Scripts come from the allowed directory only and run as misc checks do
 * ({@link ScriptRunner#execute}); one that outlives {@link #TIMEOUT} is killed with every process it
 * started. Each run is logged in one line with the start of its output.
 *
 * <p>At most {@link #CAPACITY} hooks wait; beyond that new ones are dropped and logged (a hook
 * that hangs until its timeout, queued on every flap, must not grow the queue without bound).
 */
public final class HookRunner implements AutoCloseable {
    /** How long a hook may run before it is killed. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Hooks waiting at most. */
    public static final int CAPACITY = 256;
    /** How much of a hook's output goes into its log line. */
    static final int LOGGED_OUTPUT = 300;

    /** Runs one script: {@link ScriptRunner#execute} (tests give a fake). */
    @FunctionalInterface
    public interface Executor {
        CompletableFuture<ScriptRunner.Exit> execute(String script, List<String> arguments, Duration timeout, boolean captureOutput);
    }

    /**
     * One hook to run.
     *
     * @param event what happened, for the log ("vrrp group vg1 -> MASTER", "real server web/a DOWN")
     */
    public record Hook(String event, String script, List<String> arguments) {
        public Hook {
            arguments = List.copyOf(arguments);
        }
    }

    private static final Hook STOP = new Hook("stop", "", List.of());

    private final Executor executor;
    private final Duration timeout;
    private final Consumer<String> log;
    private final BlockingQueue<Hook> queue;
    private final int capacity;
    private final Thread thread;
    private volatile boolean closed;
    private volatile CompletableFuture<ScriptRunner.Exit> current;

    public HookRunner(Executor executor, Duration timeout, int capacity, Consumer<String> log) {
        this.executor = executor;
        this.timeout = timeout;
        this.log = log;
        this.queue = new ArrayBlockingQueue<>(capacity + 1); // + the stop marker
        this.capacity = capacity;
        this.thread = new Thread(this::loop, "fulcrum-hooks");
        thread.setDaemon(true);
        thread.start();
    }

    /** Hooks run by {@code scripts} (its policy decides which may run), {@link #TIMEOUT} each. */
    public static HookRunner of(ScriptRunner scripts, Consumer<String> log) {
        return new HookRunner(scripts::execute, TIMEOUT, CAPACITY, log);
    }

    /** Queues {@code hook}; false when it was dropped (the queue is full, or the runner closed). Never blocks. */
    public boolean submit(Hook hook) {
        if (closed) {
            log.accept("hook for " + hook.event() + " not run: the hook runner is stopping");
            return false;
        }
        if (queue.remainingCapacity() > 1 && queue.offer(hook)) return true;
        log.accept("hook for " + hook.event() + " dropped: " + capacity + " hooks are already waiting (" + hook.script() + " not run)");
        return false;
    }

    private void loop() {
        while (true) {
            Hook h;
            try {
                h = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (h == STOP) return;
            run(h);
            if (Thread.currentThread().isInterrupted()) return;
        }
    }

    private void run(Hook h) {
        long started = System.nanoTime();
        CompletableFuture<ScriptRunner.Exit> f;
        try {
            f = executor.execute(h.script(), h.arguments(), timeout, true);
        } catch (RuntimeException e) {
            log.accept("hook for " + h.event() + ": " + h.script() + " failed to start: " + e.getMessage());
            return;
        }
        current = f;
        ScriptRunner.Exit exit;
        try {
            // the executor kills the script at the timeout; the margin only guards against an executor that never answers
            exit = f.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            f.cancel(true); // stops the script
            Thread.currentThread().interrupt();
            log.accept("hook for " + h.event() + ": " + h.script() + " stopped (the hook runner is stopping)");
            return;
        } catch (TimeoutException e) {
            f.cancel(true);
            log.accept("hook for " + h.event() + ": " + h.script() + " did not finish in " + timeout.toSeconds() + " s: stopped");
            return;
        } catch (ExecutionException e) {
            log.accept("hook for " + h.event() + ": " + h.script() + " failed: " + e.getCause());
            return;
        } finally {
            current = null;
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        log.accept("hook for " + h.event() + ": " + String.join(" ", command(h)) + ": " + exit.describe(timeout)
                + (exit.ok() || exit.timedOut() ? "" : " (failed)") + " after " + ms + " ms" + output(exit.output()));
    }

    private static List<String> command(Hook h) {
        List<String> c = new ArrayList<>();
        c.add(h.script());
        c.addAll(h.arguments());
        return c;
    }

    /** The output in one line, briefly: "; output: line 1 | line 2". */
    static String output(String text) {
        if (text == null || text.isBlank()) return "";
        String one = text.strip().replaceAll("\\s*\\R\\s*", " | ");
        return "; output: " + (one.length() > LOGGED_OUTPUT ? one.substring(0, LOGGED_OUTPUT) + "..." : one);
    }

    /**
     * Takes no more hooks and runs those already queued (a group's STOP hook among them) for at most
     * {@code wait}; then the one running is stopped and the rest are dropped, named in the log.
     */
    public void close(Duration wait) {
        if (closed) return;
        closed = true;
        queue.offer(STOP); // there is always room for it
        try {
            thread.join(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            List<Hook> left = new ArrayList<>();
            queue.drainTo(left);
            left.remove(STOP);
            for (Hook h : left) log.accept("hook for " + h.event() + " not run: the hook runner is stopping");
            thread.interrupt();
            CompletableFuture<ScriptRunner.Exit> f = current;
            if (f != null) f.cancel(true);
            try {
                thread.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@link #close(Duration)} with up to 5 seconds for what is queued. */
    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
