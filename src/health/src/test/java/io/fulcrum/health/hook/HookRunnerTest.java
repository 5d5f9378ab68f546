package io.fulcrum.health.hook;

import io.fulcrum.health.probe.ScriptRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The hook queue on a fake executor: order, one at a time, a bounded queue, a brief log line, a bounded stop. */
class HookRunnerTest {
    record Call(String script, List<String> arguments, Duration timeout, boolean capture, CompletableFuture<ScriptRunner.Exit> result) {}

    final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    final BlockingQueue<String> logged = new LinkedBlockingQueue<>();
    HookRunner hooks = new HookRunner((script, args, timeout, capture) -> {
        CompletableFuture<ScriptRunner.Exit> f = new CompletableFuture<>();
        calls.add(new Call(script, args, timeout, capture, f));
        return f;
    }, Duration.ofSeconds(3), 4, line -> {
        log.add(line);
        logged.add(line);
    });

    @AfterEach
    void close() {
        hooks.close(Duration.ofMillis(100));
    }

    Call next() throws InterruptedException {
        Call c = calls.poll(10, TimeUnit.SECONDS);
        assertThat(c).as("a hook ran").isNotNull();
        return c;
    }

    String nextLog() throws InterruptedException {
        String l = logged.poll(10, TimeUnit.SECONDS);
        assertThat(l).as("a log line").isNotNull();
        return l;
    }

    static ScriptRunner.Exit exit(int code, String output) { return new ScriptRunner.Exit(code, false, output, null); }

    @Test
    void runsHooksOneAtATimeInTheOrderTheyCameWithTheirArgumentsAndTimeout() throws Exception {
        hooks.submit(new HookRunner.Hook("vrrp group vg1 -> BACKUP", "/s/backup.sh", List.of("INSTANCE", "vg1", "BACKUP", "100")));
        hooks.submit(new HookRunner.Hook("vrrp group vg1 -> MASTER", "/s/master.sh", List.of("INSTANCE", "vg1", "MASTER", "100")));

        Call first = next();
        assertThat(first.script()).isEqualTo("/s/backup.sh");
        assertThat(first.arguments()).containsExactly("INSTANCE", "vg1", "BACKUP", "100");
        assertThat(first.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(first.capture()).as("hooks' output is logged").isTrue();
        assertThat(calls.poll(100, TimeUnit.MILLISECONDS)).as("the second waits for the first").isNull();

        first.result().complete(exit(0, "stopped haproxy\nok\n"));
        assertThat(nextLog()).matches("hook for vrrp group vg1 -> BACKUP: /s/backup\\.sh INSTANCE vg1 BACKUP 100: exit status 0 after \\d+ ms"
                + "; output: stopped haproxy \\| ok");
        assertThat(next().script()).isEqualTo("/s/master.sh");
    }

    @Test
    void logsAFailedOrKilledHook() throws Exception {
        hooks.submit(new HookRunner.Hook("real server web/a DOWN", "/s/down.sh", List.of()));
        next().result().complete(exit(3, ""));
        assertThat(nextLog()).contains("real server web/a DOWN: /s/down.sh: exit status 3 (failed)").doesNotContain("output");

        hooks.submit(new HookRunner.Hook("real server web/a UP", "/s/up.sh", List.of()));
        next().result().complete(new ScriptRunner.Exit(null, true, "", null));
        assertThat(nextLog()).contains("/s/up.sh: timeout after 3s (killed with every process it started)");

        hooks.submit(new HookRunner.Hook("quorum", "/etc/x.sh", List.of()));
        next().result().complete(new ScriptRunner.Exit(null, false, "", "script refused: '/etc/x.sh' is outside the allowed script directory /s"));
        assertThat(nextLog()).contains("script refused: '/etc/x.sh' is outside the allowed script directory");
    }

    @Test
    void dropsHooksBeyondItsCapacityAndSaysSo() throws Exception {
        hooks.submit(new HookRunner.Hook("event 0", "/s/h.sh", List.of("0")));
        assertThat(next().arguments()).as("event 0 runs").containsExactly("0");
        for (int i = 1; i <= 5; i++) {
            assertThat(hooks.submit(new HookRunner.Hook("event " + i, "/s/h.sh", List.of(String.valueOf(i))))).isEqualTo(i <= 4);
        }
        assertThat(log).containsExactly("hook for event 5 dropped: 4 hooks are already waiting (/s/h.sh not run)");
    }

    @Test
    void closingRunsWhatIsQueuedThenStopsTheRestWithinTheBound() throws Exception {
        hooks.submit(new HookRunner.Hook("vrrp group vg1 -> INITIALIZE", "/s/stop.sh", List.of()));
        hooks.submit(new HookRunner.Hook("later", "/s/later.sh", List.of()));
        Call stop = next();

        long t = System.nanoTime();
        hooks.close(Duration.ofMillis(200)); // stop.sh never answers
        assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(2));
        assertThat(stop.result()).as("the running hook is stopped").isCancelled();
        assertThat(log).contains("hook for later not run: the hook runner is stopping");
        assertThat(hooks.submit(new HookRunner.Hook("after", "/s/a.sh", List.of()))).isFalse();
    }

    @Test
    void logsOutputBriefly() {
        assertThat(HookRunner.output("")).isEmpty();
        assertThat(HookRunner.output("  one\r\ntwo  \n")).isEqualTo("; output: one | two");
        assertThat(HookRunner.output("x".repeat(400))).hasSize("; output: ".length() + HookRunner.LOGGED_OUTPUT + 3).endsWith("...");
    }
}
