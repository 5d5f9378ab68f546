package io.fulcrum.runtime;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ending child processes, written once: a process and everything it started (its tree), SIGTERM first,
 * SIGKILL to what is left after a grace period. Used for health-check scripts and notify hooks, the
 * kernel lab's harness and the control plane's embedded PostgreSQL.
 */
public final class Processes {
    private Processes() {}

    /**
     * The process and every process it started, taken before any signal: once it dies its children are
     * re-parented and no longer found from it.
     */
    public static List<ProcessHandle> tree(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        return all;
    }

    /** SIGTERM ({@code kill} false) or SIGKILL to each process of {@code tree}. */
    public static void signal(Collection<ProcessHandle> tree, boolean kill) {
        for (ProcessHandle h : tree) {
            if (kill) h.destroyForcibly();
            else h.destroy();
        }
    }

    /**
     * Sends {@code signal} (a name such as TERM, KILL, INT) with /bin/kill to {@code pid}, or to the process
     * group {@code pid} leads when {@code group}; false when /bin/kill could not run or did not succeed in 5 s.
     */
    public static boolean send(String signal, long pid, boolean group) {
        try {
            Process kill = new ProcessBuilder("/bin/kill", "-" + signal, "--", (group ? "-" : "") + pid)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until every process of {@code tree} ended or {@code max} passed; true when all ended. */
    public static boolean awaitExit(Collection<ProcessHandle> tree, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        try {
            for (ProcessHandle h : tree) {
                long wait = deadline - System.nanoTime();
                if (wait <= 0) return tree.stream().noneMatch(ProcessHandle::isAlive);
                h.onExit().get(wait, TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return tree.stream().noneMatch(ProcessHandle::isAlive);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return tree.stream().noneMatch(ProcessHandle::isAlive);
        }
    }

    /** True while any process of {@code tree} runs. */
    public static boolean anyAlive(Collection<ProcessHandle> tree) {
        return tree.stream().anyMatch(ProcessHandle::isAlive);
    }

    /**
     * Ends {@code root} and everything it started: SIGTERM to the tree, SIGKILL after {@code grace} to what is
     * left, then waits up to {@code grace} again. True when the tree ended on SIGTERM.
     */
    public static boolean terminate(ProcessHandle root, Duration grace) {
        return terminate(tree(root), grace);
    }

    /** {@link #terminate(ProcessHandle, Duration)} for a tree taken before. */
    public static boolean terminate(List<ProcessHandle> tree, Duration grace) {
        signal(tree, false);
        if (awaitExit(tree, grace)) return true;
        signal(tree, true);
        awaitExit(tree, grace);
        return false;
    }
}
