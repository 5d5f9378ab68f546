package io.fulcrum.health.probe;

import io.fulcrum.health.spec.CheckSpec;
import io.fulcrum.health.spec.ScriptPolicy;
import io.netty.util.concurrent.EventExecutorGroup;

import java.io.File;
import java.io.IOException;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * keepalived MISC_CHECK: runs a script of the allowed directory (already checked by
 * {@link ScriptPolicy}, and checked again before every run) with its arguments, no shell, an empty
 * environment but PATH, stdin from /dev/null and output discarded. The script is a session and
 * process group leader ({@code setsid}), so it can be killed with everything it started. When the
 * director runs as root the script runs as nobody (65534) through {@code setpriv}, with no
 * supplementary groups and no new privileges. Exit 0 passes, anything else fails; with
 * {@code dynamic} (misc_dynamic) exit 1 fails and 2 to 255 pass with weight {@code code - 2}.
 *
 * <p>A script that outlives its timeout is killed at once (SIGKILL). One whose check is stopped (the
 * check was removed, the probe cancelled) or that is still running when the runner closes gets
 * SIGTERM, then SIGKILL after {@link #GRACE}: its process group and every process it started.
 */
public final class ScriptRunner implements AutoCloseable {
    public static final int NOBODY = 65534;
    /** From SIGTERM to SIGKILL for a script that is stopped rather than timed out. */
    static final Duration GRACE = Duration.ofMillis(500);
    private static final System.Logger LOG = System.getLogger(ScriptRunner.class.getName());
    private static final String PATH = "/usr/local/bin:/usr/bin:/bin";

    private final ScriptPolicy policy;
    private final EventExecutorGroup timers;
    private final ExecutorService spawner;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public ScriptRunner(ScriptPolicy policy, EventExecutorGroup timers) {
        if (!policy.enabled()) throw new IllegalArgumentException("a script runner needs an allowed script directory");
        if (policy.unprivileged() && !Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
            throw new IllegalStateException("scripts must run unprivileged but /usr/bin/setpriv (util-linux) is missing");
        }
        this.policy = policy;
        this.timers = timers;
        this.spawner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fulcrum-health-scripts");
            t.setDaemon(true);
            return t;
        });
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
    List<String> command(CheckSpec.Misc m) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/setsid"));
        if (policy.unprivileged()) {
            // --clear-groups: root's supplementary groups must not follow the script
            cmd.addAll(List.of("/usr/bin/setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--no-new-privs", "--"));
        }
        cmd.add(m.script().toString());
        cmd.addAll(m.arguments());
        return cmd;
    }

    /** Runs the script of {@code s}; cancelling the returned future stops the script (SIGTERM, then SIGKILL). */
    public CompletableFuture<ProbeResult> run(CheckSpec s) {
        CheckSpec.Misc m = (CheckSpec.Misc) s.params();
        CompletableFuture<ProbeResult> result = new CompletableFuture<>();
        boolean queued = async(() -> {
            if (closed) {
                result.complete(ProbeResult.fail("the script runner is closed"));
                return;
            }
            if (result.isDone()) return; // the check was stopped meanwhile
            // the file may have changed since the configuration was accepted
            try {
                policy.resolve(m.script().toString());
            } catch (IllegalArgumentException e) {
                result.complete(ProbeResult.fail("script refused: " + e.getMessage()));
                return;
            }
            ProcessBuilder pb = new ProcessBuilder(command(m))
                    .directory(policy.directory().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().clear();
            pb.environment().put("PATH", PATH);
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                result.complete(ProbeResult.fail("cannot start the script: " + e.getMessage()));
                return;
            }
            running.add(p);
            AtomicBoolean timedOut = new AtomicBoolean();
            var kill = timers.schedule(() -> {
                if (!p.isAlive()) return;
                timedOut.set(true);
                result.complete(ProbeResult.fail("timeout after " + Durations.text(s.timeout()) + " (script killed)"));
                async(() -> signal(p, tree(p), true));
            }, s.timeout().toNanos(), TimeUnit.NANOSECONDS);
            p.onExit().thenAccept(done -> {
                running.remove(p);
                kill.cancel(false);
                if (!timedOut.get()) result.complete(verdict(done.exitValue(), m.dynamic()));
            });
            // stopped: also when that happened while the script was being started
            result.whenComplete((r, e) -> {
                if (result.isCancelled() && p.isAlive()) async(() -> stop(p));
            });
        });
        if (!queued) result.complete(ProbeResult.fail("the script runner is closed"));
        return result;
    }

    static ProbeResult verdict(int code, boolean dynamic) {
        if (code == 0) return ProbeResult.ok("exit status 0");
        if (dynamic && code >= 2 && code <= 255) return new ProbeResult(true, "exit status " + code + ": weight " + (code - 2), code - 2);
        return ProbeResult.fail("exit status " + code);
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
        List<ProcessHandle> tree = tree(p);
        signal(p, tree, false);
        try {
            timers.schedule(() -> {
                // not here on the event loop: signalling starts /bin/kill (when the runner is closing, close() does it)
                if (tree.stream().anyMatch(ProcessHandle::isAlive)) async(() -> signal(p, tree, true));
            }, GRACE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // the event loops are shutting down: close() kills what is left
        }
    }

    /**
     * The script and every process it started, taken before any signal: once the script dies its
     * children are re-parented and no longer found from it.
     */
    private static List<ProcessHandle> tree(Process p) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(p.toHandle());
        p.descendants().forEach(all::add);
        return all;
    }

    /**
     * SIGTERM or SIGKILL to the script's process group (its pid: setsid made it the leader), then to
     * each process of {@code tree} (those that left the group, with setsid of their own).
     */
    private static void signal(Process p, List<ProcessHandle> tree, boolean kill) {
        try {
            new ProcessBuilder("/bin/kill", kill ? "-KILL" : "-TERM", "--", "-" + p.pid())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // fall through to the direct signals
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle h : tree) {
            if (kill) h.destroyForcibly();
            else h.destroy();
        }
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
        for (Process p : List.copyOf(running)) left.put(p, tree(p));
        if (left.isEmpty()) return;
        left.forEach((p, tree) -> signal(p, tree, false));
        long deadline = System.nanoTime() + GRACE.toNanos();
        try {
            for (List<ProcessHandle> tree : left.values()) {
                for (ProcessHandle h : tree) {
                    long wait = deadline - System.nanoTime();
                    if (wait > 0) h.onExit().get(wait, TimeUnit.NANOSECONDS);
                }
            }
        } catch (TimeoutException | ExecutionException e) {
            // what is left gets SIGKILL
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        left.forEach((p, tree) -> {
            if (tree.stream().anyMatch(ProcessHandle::isAlive)) {
                LOG.log(System.Logger.Level.WARNING, "health check script " + p.pid() + " did not end within " + GRACE.toMillis() + " ms of SIGTERM: killed");
                signal(p, tree, true);
            }
        });
    }
}
