package io.fulcrum.health;

import io.fulcrum.health.probe.ProbeResult;
import io.fulcrum.health.probe.Prober;
import io.fulcrum.health.spec.CheckSpec;
import io.fulcrum.model.Addresses;
import io.fulcrum.model.Enums.CheckType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A prober that answers what the test says per "address:port", after a delay on the fake timer (a
 * server that does not answer: the prober's timeout), and records every probe.
 */
public final class FakeProber implements Prober {
    /** One probe: what, when, and the future it got (cancelled when its check stopped). */
    public record Call(CheckSpec spec, Instant at, CompletableFuture<ProbeResult> result) {}

    private record Reply(ProbeResult result, Duration after) {}

    private final FakeTimer timer;
    private final Map<String, Reply> replies = new HashMap<>();
    private final Map<String, ArrayDeque<ProbeResult>> sequences = new HashMap<>();
    public final List<Call> calls = new ArrayList<>();

    public FakeProber(FakeTimer timer) {
        this.timer = timer;
    }

    public void answer(String endpoint, ProbeResult r) {
        replies.put(endpoint, new Reply(r, Duration.ZERO));
    }

    public void up(String endpoint) {
        answer(endpoint, ProbeResult.ok("connected"));
    }

    public void refuse(String endpoint) {
        answer(endpoint, ProbeResult.fail("connect refused"));
    }

    /** Accepts and never answers: fails with a timeout after the spec's timeout. */
    public void hang(String endpoint) {
        replies.put(endpoint, new Reply(null, null));
    }

    /** The next probes of {@code endpoint} get these results, one each, before its standing answer. */
    public void then(String endpoint, ProbeResult... results) {
        sequences.computeIfAbsent(endpoint, k -> new ArrayDeque<>()).addAll(List.of(results));
    }

    public List<Call> callsTo(String endpoint) {
        return calls.stream().filter(c -> key(c.spec()).equals(endpoint)).toList();
    }

    static String key(CheckSpec s) {
        return Addresses.format(s.address()) + ":" + s.port();
    }

    @Override
    public CompletionStage<ProbeResult> probe(CheckSpec spec) {
        Instant at = timer.now();
        CompletableFuture<ProbeResult> f = answer(spec);
        calls.add(new Call(spec, at, f));
        return f;
    }

    private CompletableFuture<ProbeResult> answer(CheckSpec spec) {
        var seq = sequences.get(key(spec));
        if (seq != null && !seq.isEmpty()) return CompletableFuture.completedFuture(seq.poll());
        Reply r = replies.getOrDefault(key(spec), new Reply(ProbeResult.ok("connected"), Duration.ZERO));
        if (r.result == null) {
            CompletableFuture<ProbeResult> f = new CompletableFuture<>();
            timer.schedule(
                    spec.timeout(),
                    () -> f.complete(
                            ProbeResult.fail("timeout after " + spec.timeout().toSeconds() + "s")));
            return f;
        }
        if (r.after.isZero()) return CompletableFuture.completedFuture(r.result);
        CompletableFuture<ProbeResult> f = new CompletableFuture<>();
        timer.schedule(r.after, () -> f.complete(r.result));
        return f;
    }

    @Override
    public Set<CheckType> types() {
        return EnumSet.allOf(CheckType.class);
    }
}
