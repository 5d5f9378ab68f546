package io.fulcrum.health;

import static io.fulcrum.health.Fixtures.omega;
import static io.fulcrum.health.Fixtures.quorum;
import static io.fulcrum.health.Fixtures.rs;
import static io.fulcrum.health.Fixtures.sorry;
import static io.fulcrum.health.Fixtures.tcp;
import static io.fulcrum.health.Fixtures.vs1;
import static io.fulcrum.health.Fixtures.weight;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.health.spec.HealthConfigException;
import io.fulcrum.model.HealthCheck;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.scripts.ScriptPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HealthMonitor#update(List, Set)} against {@link HealthMonitor#update(List)}: two monitors on
 * their own fake timers and probers, one given every set whole, the other only what changed; after each
 * change and each stretch of rounds they show the same view, run the same checks, and raised the same
 * events.
 */
class HealthMonitorChangesTest {
    final Side whole = new Side();
    final Side changes = new Side();

    static final class Side {
        final FakeTimer timer = new FakeTimer();
        final FakeProber prober = new FakeProber(timer);
        final List<HealthEvent> events = new ArrayList<>();
        final HealthMonitor monitor = new HealthMonitor(timer, prober, ScriptPolicy.none(), EventDispatcher.direct());

        {
            monitor.addListener(events::add);
        }
    }

    @AfterEach
    void close() {
        whole.monitor.close();
        changes.monitor.close();
    }

    /** The set is now {@code servers}: whole to one monitor, as its changes to the other. */
    void set(Map<String, VirtualServer> before, Map<String, VirtualServer> servers) {
        whole.monitor.update(List.copyOf(servers.values()));
        List<VirtualServer> changed = new ArrayList<>();
        servers.forEach((n, v) -> {
            if (!v.equals(before.get(n))) changed.add(v);
        });
        Set<String> removed = new HashSet<>(before.keySet());
        removed.removeAll(servers.keySet());
        changes.monitor.update(changed, removed);
        same();
    }

    void advance(double seconds) {
        whole.timer.advance(Duration.ofMillis(Math.round(seconds * 1000)));
        changes.timer.advance(Duration.ofMillis(Math.round(seconds * 1000)));
        same();
    }

    void refuse(String endpoint) {
        whole.prober.refuse(endpoint);
        changes.prober.refuse(endpoint);
    }

    void same() {
        assertThat(changes.monitor.view().realServers())
                .isEqualTo(whole.monitor.view().realServers());
        assertThat(changes.monitor.view().virtualServers())
                .isEqualTo(whole.monitor.view().virtualServers());
        assertThat(changes.monitor.runningChecks()).isEqualTo(whole.monitor.runningChecks());
        assertThat(changes.events).isEqualTo(whole.events);
        assertThat(changes.prober.calls.size()).isEqualTo(whole.prober.calls.size());
    }

    @Test
    void changesGiveWhatTheWholeSetGives() {
        HealthCheck check = tcp().interval(1).timeout(0.5).fall(2).build();
        Map<String, VirtualServer> s0 = new LinkedHashMap<>();
        s0.put("web", vs1("web", 80, check, rs("a", "10.0.0.1", 80), rs("b", "10.0.0.2", 80)));
        s0.put("alt", omega(vs1("alt", 8080, check, rs("a1", "10.0.0.1", 80)))); // shares a's check
        s0.put("q", sorry(quorum(vs1("q", 81, check, rs("x", "10.0.0.5", 81)), 1, 0), "10.0.0.9", 81, false));
        set(Map.of(), s0);
        advance(3);
        refuse("10.0.0.1:80");
        refuse("10.0.0.5:81");
        advance(3);

        Map<String, VirtualServer> s1 = new LinkedHashMap<>(s0); // web: b gone, c new, a at another weight
        s1.put("web", vs1("web", 80, check, weight(rs("a", "10.0.0.1", 80), 5), rs("c", "10.0.0.3", 80)));
        set(s0, s1);
        advance(2.5);

        Map<String, VirtualServer> s2 = new LinkedHashMap<>(s1); // alt removed (omega), a new one
        s2.remove("alt");
        s2.put("new", vs1("new", 90, check, rs("n", "10.0.0.7", 90)));
        set(s1, s2);
        advance(2);

        Map<String, VirtualServer> s3 = new LinkedHashMap<>(s2); // web's checks changed: a keeps its verdict
        s3.put("web", vs1("web", 80, tcp().interval(2).timeout(0.5).fall(2).build(), rs("a", "10.0.0.1", 80)));
        set(s2, s3);
        whole.prober.up("10.0.0.1:80");
        changes.prober.up("10.0.0.1:80");
        advance(6);
        assertThat(whole.events).isNotEmpty();
    }

    @Test
    void aChangeWithACheckThatCannotRunChangesNothing() {
        HealthCheck check = tcp().interval(1).build();
        Map<String, VirtualServer> s0 = Map.of("web", vs1("web", 80, check, rs("a", "10.0.0.1", 80)));
        set(Map.of(), s0);
        var view = changes.monitor.view();
        VirtualServer bad = vs1("web", 80, tcp().interval(-1).build(), rs("a", "10.0.0.1", 80));
        assertThatThrownBy(() -> changes.monitor.update(List.of(bad), Set.of()))
                .isInstanceOf(HealthConfigException.class)
                .hasMessage("virtualServers[web].healthCheck.interval: must be positive, got PT-1S");
        assertThat(changes.monitor.view()).isSameAs(view);
    }
}
