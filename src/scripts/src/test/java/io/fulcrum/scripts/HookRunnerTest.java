package io.fulcrum.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.runtime.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hook runner on a fake executor: one subject's hooks in order and one at a time, different subjects at
 * once, a newer hook superseding the waiting one, a bounded number of subjects, a brief log line, a bounded stop.
 */
class HookRunnerTest {
    record Call(
            String script,
            List<String> arguments,
            Duration timeout,
            boolean capture,
            String thread,
            CompletableFuture<ScriptRunner.Exit> result) {}

    final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    final BlockingQueue<String> logged = new LinkedBlockingQueue<>();
    final LogCapture capture = LogCapture.of(
            Level.ALL,
            line -> {
                log.add(line);
                logged.add(line);
            },
            HookRunner.class);
    HookRunner hooks = new HookRunner(
            (script, args, timeout, capture) -> {
                CompletableFuture<ScriptRunner.Exit> f = new CompletableFuture<>();
                calls.add(new Call(
                        script, args, timeout, capture, Thread.currentThread().getName(), f));
                return f;
            },
            Duration.ofSeconds(3),
            4);

    @AfterEach
    void close() {
        hooks.close(Duration.ofMillis(100));
        capture.close();
    }

    Call next() throws InterruptedException {
        Call c = calls.poll(10, TimeUnit.SECONDS);
        assertThat(c).as("a hook ran").isNotNull();
        return c;
    }

    void noneRuns() throws InterruptedException {
        assertThat(calls.poll(100, TimeUnit.MILLISECONDS))
                .as("no other hook runs")
                .isNull();
    }

    String nextLog() throws InterruptedException {
        String l = logged.poll(10, TimeUnit.SECONDS);
        assertThat(l).as("a log line").isNotNull();
        return l;
    }

    static HookRunner.Hook hook(String event, String script) {
        return new HookRunner.Hook(event, script, List.of());
    }

    static ScriptRunner.Exit exit(int code, String output) {
        return new ScriptRunner.Exit(code, false, output, null);
    }

    @Test
    void aHookIsAboutItsEventWithoutTheLastWord() {
        assertThat(hook("vrrp group vg1 -> MASTER", "/s/m.sh").subject()).isEqualTo("vrrp group vg1 ->");
        assertThat(hook("real server web/a DOWN", "/s/d.sh").subject()).isEqualTo("real server web/a");
        assertThat(hook("virtual server web quorum up", "/s/q.sh").subject()).isEqualTo("virtual server web quorum");
        assertThat(hook("quorum", "/s/q.sh").subject()).isEqualTo("quorum");
        assertThat(new HookRunner.Hook("vg1", "vrrp group vg1 -> MASTER", "/s/m.sh", List.of()).subject())
                .isEqualTo("vg1");
    }

    @Test
    void runsHooksOfOneSubjectOneAtATimeInTheOrderTheyCameWithTheirArgumentsAndTimeout() throws Exception {
        hooks.submit(new HookRunner.Hook(
                "vrrp group vg1 -> BACKUP", "/s/backup.sh", List.of("INSTANCE", "vg1", "BACKUP", "100")));
        hooks.submit(new HookRunner.Hook(
                "vrrp group vg1 -> MASTER", "/s/master.sh", List.of("INSTANCE", "vg1", "MASTER", "100")));

        Call first = next();
        assertThat(first.script()).isEqualTo("/s/backup.sh");
        assertThat(first.arguments()).containsExactly("INSTANCE", "vg1", "BACKUP", "100");
        assertThat(first.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(first.capture()).as("hooks' output is logged").isTrue();
        assertThat(first.thread()).startsWith("fulcrum-hooks-");
        assertThat(calls.poll(100, TimeUnit.MILLISECONDS))
                .as("the second waits for the first")
                .isNull();

        first.result().complete(exit(0, "stopped haproxy\nok\n"));
        assertThat(nextLog())
                .matches(
                        "hook for vrrp group vg1 -> BACKUP: /s/backup\\.sh INSTANCE vg1 BACKUP 100: exit status 0 after \\d+ ms"
                                + "; output: stopped haproxy \\| ok");
        Call second = next();
        assertThat(second.script()).isEqualTo("/s/master.sh");
        second.result().complete(exit(0, ""));
        assertThat(nextLog())
                .matches(
                        "hook for vrrp group vg1 -> MASTER: /s/master\\.sh INSTANCE vg1 MASTER 100: exit status 0 after \\d+ ms");
        noneRuns();
        assertThat(hooks.busySubjects()).isZero();
    }

    @Test
    void runsHooksOfDifferentSubjectsAtOnce() throws Exception {
        hooks.submit(hook("vrrp group vg1 -> MASTER", "/s/hangs.sh"));
        hooks.submit(hook("vrrp group vg2 -> MASTER", "/s/vg2.sh"));
        hooks.submit(hook("real server web/a DOWN", "/s/down.sh"));

        Call hangs = next(); // never answers
        Call vg2 = next();
        Call down = next();
        assertThat(List.of(hangs.script(), vg2.script(), down.script()))
                .containsExactlyInAnyOrder("/s/hangs.sh", "/s/vg2.sh", "/s/down.sh");
        assertThat(List.of(hangs.thread(), vg2.thread(), down.thread()))
                .as("each on a thread of its own")
                .doesNotHaveDuplicates();
        for (Call c : List.of(hangs, vg2, down)) {
            if (!c.script().equals("/s/hangs.sh")) c.result().complete(exit(0, ""));
        }
        assertThat(nextLog()).doesNotContain("hangs.sh");
        assertThat(nextLog()).doesNotContain("hangs.sh");
    }

    @Test
    void aNewerHookOfABusySubjectSupersedesTheOneWaiting() throws Exception {
        assertThat(hooks.submit(hook("vrrp group vg1 -> MASTER", "/s/master.sh")))
                .isTrue();
        Call master = next();
        assertThat(hooks.submit(hook("vrrp group vg1 -> BACKUP", "/s/backup.sh")))
                .isTrue();
        assertThat(hooks.submit(hook("vrrp group vg1 -> FAULT", "/s/fault.sh"))).isTrue();
        assertThat(nextLog())
                .isEqualTo("hook for vrrp group vg1 -> BACKUP not run: superseded by vrrp group vg1 -> FAULT");
        noneRuns();

        master.result().complete(exit(0, ""));
        assertThat(nextLog()).startsWith("hook for vrrp group vg1 -> MASTER: /s/master.sh: exit status 0");
        Call fault = next();
        assertThat(fault.script()).as("the latest state's hook runs").isEqualTo("/s/fault.sh");
        fault.result().complete(exit(0, ""));
        assertThat(nextLog()).startsWith("hook for vrrp group vg1 -> FAULT: /s/fault.sh: exit status 0");
        noneRuns();
        assertThat(log).noneMatch(l -> l.contains("/s/backup.sh"));
    }

    @Test
    void logsAFailedOrKilledHook() throws Exception {
        hooks.submit(new HookRunner.Hook("real server web/a DOWN", "/s/down.sh", List.of()));
        next().result().complete(exit(3, ""));
        assertThat(nextLog())
                .contains("real server web/a DOWN: /s/down.sh: exit status 3 (failed)")
                .doesNotContain("output");

        hooks.submit(new HookRunner.Hook("real server web/a UP", "/s/up.sh", List.of()));
        next().result().complete(new ScriptRunner.Exit(null, true, "", null));
        assertThat(nextLog()).contains("/s/up.sh: timeout after 3s (killed with every process it started)");

        hooks.submit(new HookRunner.Hook("quorum", "/etc/x.sh", List.of()));
        next().result()
                .complete(new ScriptRunner.Exit(
                        null, false, "", "script refused: '/etc/x.sh' is outside the allowed script directory /s"));
        assertThat(nextLog()).contains("script refused: '/etc/x.sh' is outside the allowed script directory");
    }

    @Test
    void dropsHooksOfSubjectsBeyondItsCapacityAndSaysSo() throws Exception {
        Call[] running = new Call[4];
        for (int i = 0; i < 4; i++) {
            assertThat(hooks.submit(new HookRunner.Hook(
                            "real server web/" + i + " DOWN", "/s/h.sh", List.of(String.valueOf(i)))))
                    .isTrue();
            running[i] = next();
        }
        assertThat(hooks.submit(new HookRunner.Hook("real server web/4 DOWN", "/s/h.sh", List.of("4"))))
                .as("a fifth subject")
                .isFalse();
        assertThat(nextLog())
                .isEqualTo(
                        "hook for real server web/4 DOWN dropped: 4 subjects already have hooks running or waiting (/s/h.sh not run)");
        assertThat(hooks.submit(new HookRunner.Hook("real server web/0 UP", "/s/h.sh", List.of("0 up"))))
                .as("one more of a busy subject may wait")
                .isTrue();
        assertThat(hooks.busySubjects()).isEqualTo(4);

        assertThat(running[0].arguments()).containsExactly("0");
        running[0].result().complete(exit(0, ""));
        assertThat(nextLog()).contains("web/0 DOWN");
        Call up = next();
        assertThat(up.arguments()).containsExactly("0 up");
        assertThat(hooks.busySubjects()).as("web/0 is still busy").isEqualTo(4);
        up.result().complete(exit(0, ""));
        assertThat(nextLog()).contains("web/0 UP"); // logged once web/0 is free
        assertThat(hooks.busySubjects()).isEqualTo(3);
        assertThat(hooks.submit(new HookRunner.Hook("real server web/4 DOWN", "/s/h.sh", List.of("4"))))
                .isTrue();
        assertThat(next().arguments()).containsExactly("4");
    }

    @Test
    void closingRunsWhatWaitsWithinTheBoundThenStopsWhatIsLeft() throws Exception {
        hooks.submit(hook("vrrp group vg1 -> BACKUP", "/s/backup.sh"));
        hooks.submit(hook("vrrp group vg2 -> MASTER", "/s/hangs.sh"));
        Call a = next();
        Call b = next();
        Call backup = a.script().equals("/s/backup.sh") ? a : b;
        Call hangs = backup == a ? b : a;
        hooks.submit(hook("vrrp group vg1 -> STOP", "/s/stop.sh"));
        hooks.submit(hook("vrrp group vg2 -> STOP", "/s/stop2.sh")); // waits behind the hanging one

        long t = System.nanoTime();
        Thread closer = new Thread(() -> hooks.close(Duration.ofSeconds(1)));
        closer.start();
        for (int i = 0; i < 1000 && closer.getState() != Thread.State.TIMED_WAITING; i++) Thread.sleep(5);
        assertThat(closer.getState()).as("close waits").isEqualTo(Thread.State.TIMED_WAITING);

        backup.result().complete(exit(0, ""));
        Call stop = next();
        assertThat(stop.script()).as("the STOP hook waiting runs while closing").isEqualTo("/s/stop.sh");
        stop.result().complete(exit(0, ""));

        closer.join(10_000);
        assertThat(closer.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(3));
        assertThat(hangs.result()).as("the hook still running is stopped").isCancelled();
        assertThat(log)
                .anyMatch(l -> l.startsWith("hook for vrrp group vg1 -> BACKUP: /s/backup.sh: exit status 0"))
                .anyMatch(l -> l.startsWith("hook for vrrp group vg1 -> STOP: /s/stop.sh: exit status 0"))
                .contains(
                        "hook for vrrp group vg2 -> STOP not run: the hook runner is stopping",
                        "hook for vrrp group vg2 -> MASTER: /s/hangs.sh stopped (the hook runner is stopping)");
        noneRuns();
    }

    @Test
    void closingStopsAHangingHookAfterTheBound() throws Exception {
        hooks.submit(new HookRunner.Hook("vrrp group vg1 -> INITIALIZE", "/s/init.sh", List.of()));
        hooks.submit(new HookRunner.Hook("vrrp group vg1 -> STOP", "/s/stop.sh", List.of()));
        Call init = next();

        long t = System.nanoTime();
        hooks.close(Duration.ofMillis(200)); // init.sh never answers
        assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(2));
        assertThat(init.result()).as("the running hook is stopped").isCancelled();
        assertThat(log).contains("hook for vrrp group vg1 -> STOP not run: the hook runner is stopping");
        noneRuns();
    }

    @Test
    void refusesHooksOnceClosed() throws Exception {
        hooks.close(Duration.ofMillis(100));
        assertThat(hooks.submit(new HookRunner.Hook("after", "/s/a.sh", List.of())))
                .isFalse();
        assertThat(log).containsExactly("hook for after not run: the hook runner is stopping");
        noneRuns();
    }

    @Test
    void logsOutputBriefly() {
        assertThat(HookRunner.output("")).isEmpty();
        assertThat(HookRunner.output("  one\r\ntwo  \n")).isEqualTo("; output: one | two");
        assertThat(HookRunner.output("x".repeat(400)))
                .hasSize("; output: ".length() + HookRunner.LOGGED_OUTPUT + 3)
                .endsWith("...");
    }
}
