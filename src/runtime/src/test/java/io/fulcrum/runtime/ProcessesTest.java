package io.fulcrum.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessesTest {
    @Test
    void terminateEndsASleepAndTheProcessesItStartedOnSigterm() throws Exception {
        Process shell = new ProcessBuilder("/bin/sh", "-c", "sleep 60 & sleep 60; wait").start();
        List<ProcessHandle> tree = awaitTree(shell, 3);
        assertThat(Processes.terminate(shell.toHandle(), Duration.ofSeconds(5))).isTrue();
        assertThat(Processes.anyAlive(tree)).isFalse();
    }

    @Test
    void whatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c", "trap '' TERM; sleep 60 & wait; sleep 60").start();
        List<ProcessHandle> tree = awaitTree(p, 2);
        long t0 = System.nanoTime();
        assertThat(Processes.terminate(tree, Duration.ofMillis(300))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(Processes.awaitExit(tree, Duration.ofSeconds(5)))
                .as("killed")
                .isTrue();
    }

    @Test
    void sendSignalsAProcessByPid() throws Exception {
        // TERM, not INT: a suite started in the background by a shell (`bin/fulcrum test &`) inherits SIGINT
        // ignored, and so would this sleep, which then would not end (seen in issue 18's busy runs)
        Process p = new ProcessBuilder("sleep", "60").start();
        assertThat(Processes.send("TERM", p.pid(), false)).isTrue();
        assertThat(Processes.awaitExit(List.of(p.toHandle()), Duration.ofSeconds(5)))
                .isTrue();
    }

    /** The process with its {@code n - 1} descendants, once they all started. */
    private static List<ProcessHandle> awaitTree(Process p, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<ProcessHandle> tree = Processes.tree(p.toHandle());
        while (tree.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
            tree = Processes.tree(p.toHandle());
        }
        assertThat(tree).hasSize(n);
        return tree;
    }
}
