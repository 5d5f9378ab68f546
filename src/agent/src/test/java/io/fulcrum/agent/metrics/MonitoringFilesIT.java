package io.fulcrum.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.vrrp.machine.Counters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/prometheus and deploy/grafana: the alert rules pass promtool (Debian's prometheus package: check
 * rules, and their unit tests), the dashboard is JSON, and every agent metric either names is one the agent
 * exports.
 */
class MonitoringFilesIT {
    static final Path DEPLOY =
            Path.of(System.getProperty("user.dir"), "..", "..", "deploy").normalize();
    static final Pattern AGENT_METRIC =
            Pattern.compile("\\bfulcrum_(?:agent|ipvs|health|vrrp|virtual_server)_[a-z0-9_]+");

    @Test
    void theAlertRulesPassPromtoolAndTheirUnitTests() throws Exception {
        assertThat(promtool("check", "rules", "fulcrum-alerts.yml")).contains("SUCCESS: 10 rules found");
        assertThat(promtool("test", "rules", "fulcrum-alerts-test.yml")).contains("SUCCESS");
    }

    @Test
    void theDashboardAndTheRulesNameOnlyMetricsTheAgentExports() throws Exception {
        JsonNode dashboard = new ObjectMapper()
                .readTree(DEPLOY.resolve("grafana/fulcrum-dashboard.json").toFile());
        assertThat(dashboard.path("panels").size()).isGreaterThan(10);
        String named = dashboard.toString() + Files.readString(DEPLOY.resolve("prometheus/fulcrum-alerts.yml"));

        AgentMetrics metrics = new AgentMetrics("lb1", "dev");
        Set<String> exported = new TreeSet<>();
        for (String series : PrometheusText.parse(
                        metrics.render(AgentMetricsTest.snapshot(Map.of("VI_1", new Counters()))))
                .keySet()) exported.add(series.replaceFirst("\\{.*", ""));
        Set<String> missing = new TreeSet<>();
        Matcher m = AGENT_METRIC.matcher(named);
        while (m.find()) if (!exported.contains(m.group())) missing.add(m.group());
        assertThat(missing).as("named in deploy/ but not exported by the agent").isEmpty();
    }

    static String promtool(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "promtool";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd)
                .directory(DEPLOY.resolve("prometheus").toFile())
                .redirectErrorStream(true)
                .start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(said).isZero();
        return said;
    }
}
