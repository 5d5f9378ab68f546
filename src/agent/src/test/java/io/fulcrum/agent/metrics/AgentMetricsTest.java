package io.fulcrum.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.agent.reconcile.Plan;
import io.fulcrum.agent.reconcile.Reconciler;
import io.fulcrum.agent.reconcile.ServiceStats;
import io.fulcrum.agent.run.AgentVrrp;
import io.fulcrum.agent.run.StatusSnapshot;
import io.fulcrum.agent.table.DesiredTables;
import io.fulcrum.agent.table.Destination;
import io.fulcrum.health.HealthView;
import io.fulcrum.health.decide.CheckResult;
import io.fulcrum.health.decide.Health;
import io.fulcrum.health.decide.RealServerHealth;
import io.fulcrum.health.decide.RealServerRef;
import io.fulcrum.model.Addresses;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.vrrp.machine.Counters;
import io.fulcrum.vrrp.machine.State;
import io.fulcrum.vrrp.packet.DropReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The agent's scrape: well-formed Prometheus text with the kernel's, health checks', VRRP's and reconciles' metrics. */
class AgentMetricsTest {
    static final Instant T = Instant.parse("2026-12-07T10:00:00Z");
    static final ConfigDocument DOC = DocumentCodec.decodeDocument(DocumentCodec.parse("""
            apiVersion: fulcrum/v1
            directors: [{name: lb1, managementAddress: 10.0.0.1}]
            virtualServers:
              - name: web
                address: 192.168.10.100
                port: 80
                directors: [lb1]
                realServers:
                  - {name: a, address: 192.168.10.11}
                  - {name: b, address: 192.168.10.12}
            """), false);

    static ServiceStats.Counters counters(long n) {
        return new ServiceStats.Counters(n, n + 1, n + 2, n + 3, n + 4, 5, 6, 7, 8, 9);
    }

    static StatusSnapshot snapshot(Map<String, Counters> vrrpCounters) {
        var web = DOC.virtualServers().get(0);
        ServiceStats stats = new ServiceStats(
                DesiredTables.serviceKey(web),
                counters(100),
                List.of(new ServiceStats.DestinationStats(
                        new Destination.Key(Addresses.parse("192.168.10.11").orElseThrow(), 80),
                        3,
                        4,
                        5,
                        counters(10))));
        HealthView health = new HealthView(
                Map.of(
                        new RealServerRef("web", "a"),
                        new RealServerHealth(
                                Health.UP,
                                "ok",
                                new CheckResult(true, "ok", null, T, Duration.ofMillis(12), 1),
                                T,
                                null,
                                true),
                        new RealServerRef("web", "b"),
                        new RealServerHealth(
                                Health.DOWN, "refused", CheckResult.of(false, "refused", T), T, null, true)),
                Map.of());
        return new StatusSnapshot(
                T,
                DOC,
                DOC.servedBy("lb1"),
                List.of(stats),
                List.of(),
                health,
                List.of(new AgentVrrp.GroupStatus("VI_1", State.MASTER, 150, T, "preempted", 140)),
                null,
                vrrpCounters,
                Map.of("VI_1", new TreeMap<>(Map.of("chk-haproxy", Health.DOWN))));
    }

    @Test
    void aScrapeIsPrometheusTextWithTheKeepalivedExportersMetricsAndMore() {
        AgentMetrics metrics = new AgentMetrics("lb1", "1.2.3 \"x\"");
        Counters c = new Counters();
        c.drop(DropReason.AUTH_PASSWORD);
        c.drop(DropReason.AUTH_PASSWORD);
        c.drop(DropReason.AUTH_TYPE);
        metrics.vrrp(T, "VI_1", State.INITIALIZE, State.BACKUP, "");
        metrics.vrrp(T, "VI_1", State.BACKUP, State.MASTER, "");
        metrics.reconciled(
                Duration.ofMillis(3), new Reconciler.Result(new Plan(List.of(), List.of()), 0, new TreeMap<>()));

        Map<String, Double> m = PrometheusText.parse(metrics.render(snapshot(Map.of("VI_1", c))));

        assertThat(m)
                .containsEntry("fulcrum_agent_info{director=\"lb1\",version=\"1.2.3 \\\"x\\\"\"}", 1.0)
                .containsEntry("fulcrum_agent_ipvs_available", 1.0)
                .containsEntry("fulcrum_ipvs_virtual_server_connections_total{virtual_server=\"web\"}", 100.0)
                .containsEntry(
                        "fulcrum_ipvs_virtual_server_bytes_per_second{virtual_server=\"web\",direction=\"out\"}", 9.0)
                .containsEntry(
                        "fulcrum_ipvs_real_server_connections_total{virtual_server=\"web\",real_server=\"a\"}", 10.0)
                .containsEntry(
                        "fulcrum_ipvs_real_server_active_connections{virtual_server=\"web\",real_server=\"a\"}", 4.0)
                .containsEntry(
                        "fulcrum_ipvs_real_server_packets_total{virtual_server=\"web\",real_server=\"a\",direction=\"in\"}",
                        11.0)
                .containsEntry(
                        "fulcrum_ipvs_real_server_bytes_total{virtual_server=\"web\",real_server=\"a\",direction=\"out\"}",
                        14.0)
                .containsEntry("fulcrum_ipvs_real_server_weight{virtual_server=\"web\",real_server=\"a\"}", 3.0)
                .containsEntry("fulcrum_health_up{virtual_server=\"web\",real_server=\"a\"}", 1.0)
                .containsEntry("fulcrum_health_up{virtual_server=\"web\",real_server=\"b\"}", 0.0)
                .containsEntry("fulcrum_health_check_duration_seconds{virtual_server=\"web\",real_server=\"a\"}", 0.012)
                .containsEntry("fulcrum_virtual_server_serving_real_servers{virtual_server=\"web\"}", 1.0)
                .containsEntry("fulcrum_vrrp_state{group=\"VI_1\",state=\"master\"}", 1.0)
                .containsEntry("fulcrum_vrrp_state{group=\"VI_1\",state=\"backup\"}", 0.0)
                .containsEntry("fulcrum_vrrp_priority{group=\"VI_1\"}", 150.0)
                .containsEntry("fulcrum_vrrp_effective_priority{group=\"VI_1\"}", 140.0)
                .containsEntry("fulcrum_vrrp_transitions_total{group=\"VI_1\",to=\"master\"}", 1.0)
                .containsEntry("fulcrum_vrrp_become_master_total{group=\"VI_1\"}", 0.0)
                .containsEntry("fulcrum_vrrp_adverts_sent_total{group=\"VI_1\"}", 0.0)
                .containsEntry("fulcrum_vrrp_adverts_received_total{group=\"VI_1\"}", 0.0)
                .containsEntry("fulcrum_vrrp_auth_failures_total{group=\"VI_1\"}", 3.0)
                .containsEntry("fulcrum_vrrp_adverts_dropped_total{group=\"VI_1\",reason=\"auth_password\"}", 2.0)
                .containsEntry("fulcrum_vrrp_script_up{group=\"VI_1\",script=\"chk-haproxy\"}", 0.0)
                .containsEntry("fulcrum_agent_reconcile_duration_seconds_bucket{le=\"0.005\"}", 1.0)
                .containsEntry("fulcrum_agent_reconcile_duration_seconds_bucket{le=\"0.001\"}", 0.0)
                .containsEntry("fulcrum_agent_reconcile_duration_seconds_count", 1.0);
    }

    @Test
    void withoutIpvsOrAStatusYetTheScrapeSaysSo() {
        AgentMetrics metrics = new AgentMetrics("lb1", "dev");
        assertThat(PrometheusText.parse(metrics.render(null)))
                .containsKey("fulcrum_agent_info{director=\"lb1\",version=\"dev\"}");

        StatusSnapshot s = new StatusSnapshot(
                T, null, List.of(), List.of(), List.of(), HealthView.EMPTY, List.of(), "this kernel has no IPVS");
        assertThat(PrometheusText.parse(metrics.render(s)))
                .containsEntry("fulcrum_agent_ipvs_available", 0.0)
                .containsEntry("fulcrum_agent_desired_state_loaded", 0.0);
    }
}
