package io.fulcrum.health.probe;

import io.fulcrum.health.spec.CheckSpec;
import io.fulcrum.runtime.Durations;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * keepalived PING_CHECK: one ICMP echo request (RFC 792), answered within the check's timeout. The JDK's
 * {@code isReachable} sends it on a raw ICMP socket when the process may open one (root; the agent's
 * case: without root the check type is not offered, as the JDK would silently try TCP port 7 instead).
 * It blocks, so it runs on {@code pings}, never on the event loop.
 */
final class PingCheck {
    private PingCheck() {}

    static CompletableFuture<ProbeResult> run(CheckSpec s, Executor pings) {
        int timeoutMs =
                (int) Math.max(1, Math.min(Integer.MAX_VALUE, s.timeout().toMillis()));
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return s.address().isReachable(timeoutMs)
                                ? ProbeResult.ok("echo reply")
                                : ProbeResult.fail("no echo reply within " + Durations.text(s.timeout()));
                    } catch (IOException e) {
                        return ProbeResult.fail("ping failed: " + Failures.describe(e));
                    }
                },
                pings);
    }
}
