package io.fulcrum.scripts;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import io.fulcrum.runtime.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs notify hooks (keepalived's notify scripts: a VRRP group's transitions, a real server going up
 * or down, a virtual server gaining or losing quorum) on a small pool of threads of its own
 * ({@link #THREADS}, "fulcrum-hooks-N"), so that whoever queues one (the VRRP thread, the health
 * listener) never waits for it. Scripts come from the allowed directory only and run as misc checks do
 * ({@link ScriptRunner#execute}); one that outlives its timeout ({@link #TIMEOUT}) is killed with every
 * process it started. Each run is logged in one line with the start of its output.
 *
 * <p>Each hook is about a {@linkplain Hook#subject() subject} (a VRRP group, a real server, a virtual
 * server's quorum). Hooks of one subject run one at a time, in the order they came; hooks of different
 * subjects run at the same time, so a hanging hook only delays the hooks of its own subject, as
 * keepalived, which forks each notify script at once, would not delay any other. While a subject's
 * hook runs, at most one more of that subject waits: a newer one replaces it, and the replaced one is
 * logged as superseded and never runs. So the hook of a subject's latest state always runs, and a
 * flapping group does not run a backlog of stale transitions (notify-master long after it became
 * BACKUP).
 *
 * <p>At most {@link #CAPACITY} subjects have a hook running or waiting; a hook of any further subject
 * is dropped and logged. {@link #submit} is thread-safe and never blocks.
 *
 * <p>{@link #close(Duration)} takes no more hooks, lets those running and waiting (a group's STOP hook
 * among them) finish for a bounded time, then stops the ones still running and names in the log the
 * ones that did not run.
 */
public final class HookRunner implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HookRunner.class.getName());
    /** How long a hook may run before it is killed. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Subjects with a hook running or waiting at most. */
    public static final int CAPACITY = 256;
    /** Hooks (of different subjects) running at once at most. */
    public static final int THREADS = 4;
    /** How much of a hook's output goes into its log line. */
    static final int LOGGED_OUTPUT = 300;

    /** Runs one script: {@link ScriptRunner#execute} (tests give a fake). */
    @FunctionalInterface
    public interface Executor {
        CompletableFuture<ScriptRunner.Exit> execute(
                String script, List<String> arguments, Duration timeout, boolean captureOutput);
    }

    /**
     * One hook to run.
     *
     * @param subject what it is about: hooks of one subject run one at a time, in order, and a newer one
     *                replaces one still waiting ("vrrp group vg1 ->", "real server web/a"); null: derived
     *                from {@code event} as by {@link #Hook(String, String, List)}
     * @param event   what happened, for the log ("vrrp group vg1 -> MASTER", "real server web/a DOWN")
     */
    public record Hook(String subject, String event, String script, List<String> arguments) {
        public Hook {
            Objects.requireNonNull(event, "event");
            if (subject == null) subject = subjectOf(event);
            arguments = List.copyOf(arguments);
        }

        /**
         * A hook whose subject is {@code event} without its last word, the new state: "vrrp group vg1 -> MASTER"
         * is about "vrrp group vg1 ->", "real server web/a DOWN" about "real server web/a", "virtual server
         * web quorum up" about "virtual server web quorum". An event of one word is its own subject.
         */
        public Hook(String event, String script, List<String> arguments) {
            this(null, event, script, arguments);
        }

        /** {@code event} without its last word (the whole of it when it is one word). */
        static String subjectOf(String event) {
            String e = event.strip();
            int space = e.lastIndexOf(' ');
            return space < 0 ? e : e.substring(0, space).strip();
        }
    }

    /** The hooks of one subject: the one running (or about to), and at most one waiting. Guarded by {@link #lock}. */
    private static final class Subject {
        final String name;
        Hook next; // running, or handed to the pool to run
        boolean started; // next has been taken by a thread of the pool
        Hook waiting; // runs after next; a newer one replaces it
        CompletableFuture<ScriptRunner.Exit> running;

        Subject(String name, Hook first) {
            this.name = name;
            this.next = first;
        }
    }

    private final Executor executor;
    private final Duration timeout;
    private final int capacity;
    private final ExecutorService pool;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition(); // signalled when no subject has a hook left
    private final Map<String, Subject> subjects = new LinkedHashMap<>();
    private boolean closed; // takes no more hooks
    private boolean stopping; // starts no more hooks

    public HookRunner(Executor executor, Duration timeout, int capacity) {
        this.executor = executor;
        this.timeout = timeout;
        this.capacity = capacity;
        this.pool = Threads.pool("fulcrum-hooks", THREADS);
    }

    /** Hooks run by {@code scripts} (its policy decides which may run), {@link #TIMEOUT} each. */
    public static HookRunner of(ScriptRunner scripts) {
        return new HookRunner(scripts::execute, TIMEOUT, CAPACITY);
    }

    /** {@link #of(ScriptRunner)}: the hooks' lines go to this class's logger now, not to {@code log}. */
    /** A line of the log, at its level. */
    private record Line(System.Logger.Level level, String text) {
        void log() {
            LOG.log(level, text);
        }
    }

    /**
     * Runs {@code hook} after those of its subject running or waiting, replacing (and logging) one still
     * waiting; false when it was dropped ({@link #CAPACITY} other subjects are busy, or the runner closed).
     * Never blocks.
     */
    public boolean submit(Hook hook) {
        Line message;
        boolean taken = false;
        lock.lock();
        try {
            Subject s = closed ? null : subjects.get(hook.subject());
            if (closed) {
                message = new Line(WARNING, "hook for " + hook.event() + " not run: the hook runner is stopping");
            } else if (s != null) {
                Hook replaced = s.waiting;
                s.waiting = hook;
                taken = true;
                message = replaced == null
                        ? null
                        : new Line(INFO, "hook for " + replaced.event() + " not run: superseded by " + hook.event());
            } else if (subjects.size() >= capacity) {
                message = new Line(
                        WARNING,
                        "hook for " + hook.event() + " dropped: " + capacity
                                + " subjects already have hooks running or waiting (" + hook.script() + " not run)");
            } else {
                s = new Subject(hook.subject(), hook);
                taken = schedule(s);
                if (taken) subjects.put(s.name, s);
                message = taken
                        ? null
                        : new Line(WARNING, "hook for " + hook.event() + " not run: the hook runner is stopping");
            }
        } finally {
            lock.unlock();
        }
        if (message != null) message.log();
        return taken;
    }

    /** Hands {@code s.next} to the pool; false when the pool is shut down. Under {@link #lock}. */
    private boolean schedule(Subject s) {
        s.started = false;
        try {
            pool.execute(() -> runNext(s));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** On a thread of the pool: runs {@code s.next}, then hands the one waiting to the pool, or frees the subject. */
    private void runNext(Subject s) {
        Hook h;
        lock.lock();
        try {
            if (stopping) return; // close() named it in the log
            s.started = true;
            h = s.next;
        } finally {
            lock.unlock();
        }
        Line line = run(s, h);
        String notRun = null;
        lock.lock();
        try {
            s.running = null;
            if (s.waiting != null && !stopping) {
                s.next = s.waiting;
                s.waiting = null;
                if (!schedule(s)) {
                    notRun = "hook for " + s.next.event() + " not run: the hook runner is stopping";
                    free(s);
                }
            } else {
                if (s.waiting != null)
                    notRun = "hook for " + s.waiting.event() + " not run: the hook runner is stopping";
                s.waiting = null;
                free(s);
            }
        } finally {
            lock.unlock();
        }
        // logged once the subject is free: whoever sees the line may queue a hook of it, or of another subject
        if (line != null) line.log();
        if (notRun != null) LOG.log(WARNING, notRun);
    }

    /** Forgets {@code s}; under {@link #lock}. */
    private void free(Subject s) {
        if (subjects.get(s.name) == s) subjects.remove(s.name);
        if (subjects.isEmpty()) idle.signalAll();
    }

    /** Runs {@code h} to its end; its log line. */
    private Line run(Subject s, Hook h) {
        long started = System.nanoTime();
        CompletableFuture<ScriptRunner.Exit> f;
        try {
            f = executor.execute(h.script(), h.arguments(), timeout, true);
        } catch (RuntimeException e) {
            return new Line(
                    WARNING, "hook for " + h.event() + ": " + h.script() + " failed to start: " + e.getMessage());
        }
        lock.lock();
        try {
            if (stopping) f.cancel(true); // close() came while it started
            else s.running = f;
        } finally {
            lock.unlock();
        }
        ScriptRunner.Exit exit;
        try {
            // the executor kills the script at the timeout; the margin only guards against an executor that never
            // answers
            exit = f.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            f.cancel(true); // stops the script
            Thread.currentThread().interrupt();
            return new Line(
                    WARNING, "hook for " + h.event() + ": " + h.script() + " stopped (the hook runner is stopping)");
        } catch (CancellationException e) {
            return new Line(
                    WARNING, "hook for " + h.event() + ": " + h.script() + " stopped (the hook runner is stopping)");
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Line(
                    WARNING,
                    "hook for " + h.event() + ": " + h.script() + " did not finish in " + timeout.toSeconds()
                            + " s: stopped");
        } catch (ExecutionException e) {
            return new Line(WARNING, "hook for " + h.event() + ": " + h.script() + " failed: " + e.getCause());
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        return new Line(
                exit.ok() ? INFO : WARNING,
                "hook for " + h.event() + ": " + String.join(" ", command(h)) + ": " + exit.describe(timeout)
                        + (exit.ok() || exit.timedOut() ? "" : " (failed)") + " after " + ms + " ms"
                        + output(exit.output()));
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

    /** Subjects with a hook running or waiting (for tests). */
    int busySubjects() {
        lock.lock();
        try {
            return subjects.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes no more hooks and lets those running and waiting (a group's STOP hook among them) finish for
     * at most {@code wait}; then those still running are stopped (their scripts killed) and those still
     * waiting are dropped, named in the log. The pool is shut down.
     */
    public void close(Duration wait) {
        List<String> notRun = new ArrayList<>();
        List<CompletableFuture<ScriptRunner.Exit>> running = new ArrayList<>();
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            long left = Math.max(0, wait.toNanos());
            try {
                while (!subjects.isEmpty() && left > 0) left = idle.awaitNanos(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopping = true;
            for (Iterator<Subject> i = subjects.values().iterator(); i.hasNext(); ) {
                Subject s = i.next();
                if (!s.started) {
                    notRun.add("hook for " + s.next.event() + " not run: the hook runner is stopping");
                    i.remove();
                } else if (s.running != null) {
                    running.add(s.running);
                }
                if (s.waiting != null)
                    notRun.add("hook for " + s.waiting.event() + " not run: the hook runner is stopping");
                s.waiting = null;
            }
            if (subjects.isEmpty()) idle.signalAll();
        } finally {
            lock.unlock();
        }
        for (String line : notRun) LOG.log(WARNING, line);
        for (CompletableFuture<ScriptRunner.Exit> f : running) f.cancel(true); // stops the script
        pool.shutdown();
        try {
            if (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                pool.shutdownNow(); // an executor that does not answer its cancellation
                pool.awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** {@link #close(Duration)} with up to 5 seconds for what runs and waits. */
    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
