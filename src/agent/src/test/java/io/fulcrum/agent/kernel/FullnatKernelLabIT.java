package io.fulcrum.agent.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.kernellab.KernelLab;
import io.fulcrum.kernellab.Result;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * FULLNAT against a real kernel: one kernel-lab VM runs {@link FullnatLabMain}, which reports one line
 * per check. Nothing skips: a check that cannot run fails, and so does a VM that does not boot.
 */
class FullnatKernelLabIT {

    static final String[] CHECKS = {
        "fullnat_namespaces_created",
        "real_servers_have_no_route_to_the_client",
        "fullnat_one_address_applied",
        "traffic_backends_up",
        "traffic_many_connections_through_one_address",
        "fullnat_pool_applied",
        "traffic_many_connections_through_a_pool",
        "restarted_agent_leaves_wanted_rules_alone",
        "removed_virtual_server_takes_its_rule_and_table",
    };

    @Test
    void fullnatCarriesTrafficWhoseRealServersCanOnlyReachTheDirector() {
        long start = System.nanoTime();
        Result result = KernelLab.runJava(
                Duration.ofSeconds(480), List.of("-Xmx512m", "-XX:TieredStopAtLevel=1"), FullnatLabMain.class);
        System.out.printf("fullnat kernel-lab VM took %d ms%n", (System.nanoTime() - start) / 1_000_000);
        result.requireChecksPassed(CHECKS).requireSuccess();
        assertThat(result.checks()).extracting(Result.Check::name).containsExactly(CHECKS);
    }
}
