package io.fulcrum.health.probe;

import io.fulcrum.health.spec.CheckSpec;
import io.fulcrum.health.spec.ScriptPolicy;
import io.netty.util.concurrent.EventExecutorGroup;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * keepalived MISC_CHECK: runs a script of the allowed directory (already checked by
 * {@link ScriptPolicy}) with its arguments, no shell, an empty environment but PATH, stdin from
 * /dev/null and output discarded. The script is a session and process group leader ({@code setsid}),
 * so a timeout kills it with everything it started. When the director runs as root the script runs
 * as nobody (65534) through {@code setpriv}, with no supplementary groups and no new privileges.
 * Exit 0 passes, anything else fails; with {@code dynamic} (misc_dynamic) exit 1 fails and 2 to 255
 * pass with weight {@code code - 2}.
 */
public final class ScriptRunner implements AutoCloseable {
    public static final int NOBODY = 65534;
    private static final String PATH = "/usr/local/bin:/usr/bin:/bin";

    private final ScriptPolicy policy;
    private final EventExecutorGroup timers;
    private final ExecutorService spawner;

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
            cmd.addAll(List.of("/usr/bin/setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--no-new-privs", "--"));
        }
        cmd.add(m.script().toString());
        cmd.addAll(m.arguments());
        return cmd;
    }

    public CompletionStage<ProbeResult> run(CheckSpec s) {
        CheckSpec.Misc m = (CheckSpec.Misc) s.params();
        CompletableFuture<ProbeResult> result = new CompletableFuture<>();
        spawner.execute(() -> {
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
            AtomicBoolean timedOut = new AtomicBoolean();
            var kill = timers.schedule(() -> {
                if (!p.isAlive()) return;
                timedOut.set(true);
                result.complete(ProbeResult.fail("timeout after " + Durations.text(s.timeout()) + " (script killed)"));
                spawner.execute(() -> killGroup(p));
            }, s.timeout().toNanos(), TimeUnit.NANOSECONDS);
            p.onExit().thenAccept(done -> {
                kill.cancel(false);
                if (!timedOut.get()) result.complete(verdict(done.exitValue(), m.dynamic()));
            });
        });
        return result;
    }

    static ProbeResult verdict(int code, boolean dynamic) {
        if (code == 0) return ProbeResult.ok("exit status 0");
        if (dynamic && code >= 2 && code <= 255) return new ProbeResult(true, "exit status " + code + ": weight " + (code - 2), code - 2);
        return ProbeResult.fail("exit status " + code);
    }

    /** SIGKILL to the script's process group (its pid: setsid made it the leader), then to the process. */
    private static void killGroup(Process p) {
        try {
            new ProcessBuilder("/bin/kill", "-KILL", "--", "-" + p.pid())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // fall through to the direct kill
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    @Override
    public void close() { spawner.shutdownNow(); }
}
