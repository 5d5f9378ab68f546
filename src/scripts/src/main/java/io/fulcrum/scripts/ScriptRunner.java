package io.fulcrum.scripts;

import io.fulcrum.runtime.Durations;
import io.fulcrum.runtime.Processes;
import io.fulcrum.runtime.Threads;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a script of the allowed directory (already checked by {@link ScriptPolicy}, and checked again
 * before every run) with its arguments, no shell, an empty environment but PATH, stdin from /dev/null
 * and output discarded (or its start kept, for notify hooks' log lines). The script is a session and
 * process group leader ({@code setsid}), so it can be killed with everything it started. When the
 * director runs as root the script runs as nobody (65534) through {@code setpriv}, with no
 * supplementary groups and no new privileges. Its users: health misc checks (keepalived MISC_CHECK,
 * which judge the exit status themselves), VRRP track scripts, and notify hooks ({@link HookRunner}).
 *
 * <p>A script that outlives its timeout is killed at once (SIGKILL). One that is stopped (its future
 * cancelled: the check was removed, the probe cancelled) or that is still running when the runner
 * closes gets SIGTERM, then SIGKILL after {@link #GRACE}: its process group and every process it started.
 */
public final class ScriptRunner implements AutoCloseable {
    public static final int NOBODY = 65534;
    /** From SIGTERM to SIGKILL for a script that is stopped rather than timed out. */
    static final Duration GRACE = Duration.ofMillis(500);

    private static final System.Logger LOG = System.getLogger(ScriptRunner.class.getName());
    private static final String PATH = "/usr/local/bin:/usr/bin:/bin";
    /** How much of a script's output {@link #execute} keeps (the rest is read and dropped). */
    public static final int OUTPUT_LIMIT = 1024;

    private final ScriptPolicy policy;
    private final ScheduledExecutorService timers;
    /** The timer thread this runner started itself (the one-argument constructor), or null. */
    private final ScheduledExecutorService ownTimers;

    private final ExecutorService spawner;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** A runner with a timer thread of its own (for timeouts), ended by {@link #close}. */
    public ScriptRunner(ScriptPolicy policy) {
        this(policy, timerThread(), true);
    }

    /** A runner whose timeouts run on {@code timers} (the health checker's event loops). */
    public ScriptRunner(ScriptPolicy policy, ScheduledExecutorService timers) {
        this(policy, timers, false);
    }

    private static ScheduledExecutorService timerThread() {
        ScheduledThreadPoolExecutor t =
                new ScheduledThreadPoolExecutor(1, Threads.factory("fulcrum-script-timers", true));
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    private ScriptRunner(ScriptPolicy policy, ScheduledExecutorService timers, boolean own) {
        if (!policy.enabled()) {
            if (own) timers.shutdownNow();
            throw new IllegalArgumentException("a script runner needs an allowed script directory");
        }
        if (policy.unprivileged() && !Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
            throw new IllegalStateException(
                    "scripts must run unprivileged but /usr/bin/setpriv (util-linux) is missing");
        }
        this.policy = policy;
        this.timers = timers;
        this.ownTimers = own ? timers : null;
        this.spawner = Threads.single("fulcrum-health-scripts");
    }

    /** Whether this process runs as root (then scripts must run as someone else). */
    public static boolean runningAsRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return line.split("\\s+")[2].equals("0"); // effective uid
            }
        } catch (IOException e) {
            // not Linux: assume unprivileged
        }
        return false;
    }

    /** The command line: setsid [setpriv ...] script args. */
    List<String> command(String script, List<String> arguments) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/setsid"));
        if (policy.unprivileged()) {
            // --clear-groups: root's supplementary groups must not follow the script
            cmd.addAll(List.of(
                    "/usr/bin/setpriv",
                    "--reuid=" + NOBODY,
                    "--regid=" + NOBODY,
                    "--clear-groups",
                    "--no-new-privs",
                    "--"));
        }
        cmd.add(script);
        cmd.addAll(arguments);
        return cmd;
    }

    /** The policy scripts are checked against (before every run too). */
    public ScriptPolicy policy() {
        return policy;
    }

    /**
     * How a script run by {@link #execute} ended.
     *
     * @param status   its exit status; null when it did not run to its end (refused, not started, timed out)
     * @param timedOut it outlived its timeout and was killed with everything it started
     * @param output   the start of its output (stdout and stderr, at most {@link #OUTPUT_LIMIT} bytes), or ""
     * @param failure  why it did not run (refused by the policy, could not start), or null
     */
    public record Exit(Integer status, boolean timedOut, String output, String failure) {
        public boolean ok() {
            return status != null && status == 0;
        }

        /** "exit status 0", "timeout after 5s (killed)", "refused: ...". */
        public String describe(Duration timeout) {
            if (failure != null) return failure;
            if (timedOut) return "timeout after " + Durations.text(timeout) + " (killed with every process it started)";
            return "exit status " + status;
        }
    }

    /**
     * Runs {@code script} (a path in the allowed directory, checked again now) with {@code arguments}: as nobody when the director runs as root, no shell, an empty environment
     * but PATH. After {@code timeout} it is killed with everything it started. With {@code captureOutput}
     * the first {@link #OUTPUT_LIMIT} bytes of its output are kept; otherwise it is discarded. The future
     * always completes normally; cancelling it stops the script (SIGTERM, then SIGKILL).
     */
    public CompletableFuture<Exit> execute(
            String script, List<String> arguments, Duration timeout, boolean captureOutput) {
        CompletableFuture<Exit> result = new CompletableFuture<>();
        launch(script, arguments, timeout, captureOutput, result, new Outcome() {
            @Override
            public void refused(String why) {
                result.complete(new Exit(null, false, "", why));
            }

            @Override
            public void timedOut() {
                result.complete(new Exit(null, true, "", null));
            }

            @Override
            public void exited(int code, String output) {
                result.complete(new Exit(code, false, output, null));
            }
        });
        return result;
    }

    /** How one run ends; each is called at most once, and only while {@code handle} is not done. */
    private interface Outcome {
        void refused(String why);

        void timedOut();

        void exited(int code, String output);
    }

    /**
     * Starts the script on the spawner: checked by the policy, in its own session, killed at
     * {@code timeout}. {@code handle} is the caller's future: once it is done (cancelled, or completed by
     * {@code outcome}) nothing more is reported; cancelled while the script runs, the script is stopped.
     */
    private void launch(
            String script,
            List<String> arguments,
            Duration timeout,
            boolean capture,
            CompletableFuture<?> handle,
            Outcome outcome) {
        boolean queued = async(() -> {
            if (closed) {
                outcome.refused("the script runner is closed");
                return;
            }
            if (handle.isDone()) return; // the check was stopped meanwhile
            // the file may have changed since the configuration was accepted
            Path resolved; // run as resolved: a bare name would otherwise be looked up in PATH, not in the directory
            try {
                resolved = policy.resolve(script);
            } catch (IllegalArgumentException e) {
                outcome.refused("script refused: " + e.getMessage());
                return;
            }
            ProcessBuilder pb = new ProcessBuilder(command(resolved.toString(), arguments))
                    .directory(policy.directory().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (capture) {
                pb.redirectErrorStream(true);
            } else {
                pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
            }
            pb.environment().clear();
            pb.environment().put("PATH", PATH);
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                outcome.refused("cannot start the script: " + e.getMessage());
                return;
            }
            running.add(p);
            Capture output = capture ? Capture.start(p.getInputStream()) : null;
            AtomicBoolean timedOut = new AtomicBoolean();
            Future<?> kill;
            try {
                kill = timers.schedule(
                        () -> {
                            if (!p.isAlive()) return;
                            timedOut.set(true);
                            outcome.timedOut();
                            async(() -> signal(p, Processes.tree(p.toHandle()), true));
                        },
                        timeout.toNanos(),
                        TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) { // the timers are shutting down: so is the runner
                signal(p, Processes.tree(p.toHandle()), true);
                outcome.refused("the script runner is closed");
                return;
            }
            p.onExit().thenAccept(done -> {
                running.remove(p);
                kill.cancel(false);
                if (!timedOut.get()) outcome.exited(done.exitValue(), output == null ? "" : output.text());
            });
            // stopped: also when that happened while the script was being started
            handle.whenComplete((r, e) -> {
                if (handle.isCancelled() && p.isAlive()) async(() -> stop(p));
            });
        });
        if (!queued) outcome.refused("the script runner is closed");
    }

    /** Reads a script's output on a thread of its own: keeps the first {@link #OUTPUT_LIMIT} bytes, drops the rest. */
    private static final class Capture {
        private final byte[] kept = new byte[OUTPUT_LIMIT];
        private int length;
        private boolean truncated;
        private volatile Thread reader;

        private void read(InputStream in) {
            byte[] buf = new byte[4096];
            try (in) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    synchronized (this) {
                        int take = Math.min(n, kept.length - length);
                        System.arraycopy(buf, 0, kept, length, take);
                        length += take;
                        if (take < n) truncated = true;
                    }
                }
            } catch (IOException e) {
                // the script is gone
            }
        }

        static Capture start(InputStream in) {
            Capture c = new Capture();
            c.reader = Threads.start("fulcrum-script-output", () -> c.read(in));
            return c;
        }

        /** What was read, once the output ended or after 200 ms (a child of the script may hold it open). */
        String text() {
            try {
                reader.join(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                return new String(kept, 0, length, StandardCharsets.UTF_8) + (truncated ? "..." : "");
            }
        }
    }

    /** On the spawner: {@code task}; false when the runner is closed. */
    private boolean async(Runnable task) {
        try {
            spawner.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** SIGTERM now, SIGKILL after the grace period to what is left. */
    private void stop(Process p) {
        List<ProcessHandle> tree = Processes.tree(p.toHandle());
        signal(p, tree, false);
        try {
            timers.schedule(
                    () -> {
                        // not here on the event loop: signalling starts /bin/kill (when the runner is closing, close()
                        // does it)
                        if (Processes.anyAlive(tree)) async(() -> signal(p, tree, true));
                    },
                    GRACE.toNanos(),
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // the event loops are shutting down: close() kills what is left
        }
    }

    /**
     * SIGTERM or SIGKILL to the script's process group (its pid: setsid made it the leader), then to
     * each process of {@code tree} (those that left the group, with setsid of their own).
     */
    private static void signal(Process p, List<ProcessHandle> tree, boolean kill) {
        Processes.send(kill ? "KILL" : "TERM", p.pid(), true); // when it fails, the direct signals below still go
        Processes.signal(tree, kill);
    }

    /**
     * Starts no more scripts; those still running get SIGTERM, and SIGKILL when they are not gone
     * after {@link #GRACE}. Returns when they are gone, or about {@link #GRACE} plus one second.
     */
    @Override
    public void close() {
        closed = true;
        spawner.shutdown();
        try {
            // a script being started now is registered before this returns
            if (!spawner.awaitTermination(1, TimeUnit.SECONDS)) spawner.shutdownNow();
        } catch (InterruptedException e) {
            spawner.shutdownNow();
            Thread.currentThread().interrupt();
        }
        Map<Process, List<ProcessHandle>> left = new HashMap<>();
        for (Process p : List.copyOf(running)) left.put(p, Processes.tree(p.toHandle()));
        if (left.isEmpty()) {
            if (ownTimers != null) ownTimers.shutdownNow();
            return;
        }
        left.forEach((p, tree) -> signal(p, tree, false));
        Processes.awaitExit(left.values().stream().flatMap(List::stream).toList(), GRACE); // what is left gets SIGKILL
        left.forEach((p, tree) -> {
            if (Processes.anyAlive(tree)) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "health check script " + p.pid() + " did not end within " + GRACE.toMillis()
                                + " ms of SIGTERM: killed");
                signal(p, tree, true);
            }
        });
        if (ownTimers != null) ownTimers.shutdownNow();
    }
}
