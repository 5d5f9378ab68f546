package io.fulcrum.agent.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.kernellab.KernelLab;
import io.fulcrum.kernellab.Result;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The agent's IPVS path (Reconciler, NetlinkIpvsKernel, KernelMapping) against real IPVS: one kernel-lab
 * VM runs {@link AgentIpvsLabMain}, which reports one line per check. Nothing skips: a check that cannot
 * run fails, and so does a VM that does not boot.
 */
class AgentIpvsKernelLabIT {

    static final String[] CHECKS = {
        "traffic_namespaces_created",
        // 1. the agent writes, ipvsadm reads
        "agent_applies_every_feature",
        "ipvsadm_lists_services_and_destinations",
        "ipvsadm_lists_thresholds",
        "ipvsadm_lists_tunnels",
        "ipvsadm_lists_persistence_and_rates",
        // 3. no change, no request
        "no_change_reconcile_sends_nothing",
        // 2. ipvsadm writes, the agent reads
        "agent_reads_ipvsadm_rules",
        "agent_leaves_ipvsadm_rules_alone",
        // timeouts (SET_CONFIG) and sync daemons, each side reading what the other wrote
        "ipvsadm_reads_our_timeouts",
        "we_read_ipvsadm_timeouts",
        "ipvsadm_lists_our_sync_daemon",
        "we_read_ipvsadm_sync_daemon",
        "sync_daemons_stop_either_way",
        // 5. bad input
        "bad_input_refusals_reported_rest_applied",
        "bad_input_then_a_valid_table_converges",
        // 4. traffic through the director namespace, and 3. a restarted agent
        "traffic_agent_in_director_namespace",
        "traffic_backends_up",
        "traffic_round_robin",
        "no_change_reconcile_sends_nothing_director",
        "restarted_agent_one_edit_keeps_counters",
        "traffic_wrr_3_to_1",
        "traffic_drain",
        // zeroing counters, each side seeing the other's
        "zero_counters_either_way",
    };

    @Test
    void agentIpvsPathAgreesWithTheKernelAndIpvsadm() {
        long start = System.nanoTime();
        // about 90 s on an idle 2-CPU machine; the limit leaves room for a machine shared with other VMs
        Result result = KernelLab.runJava(
                Duration.ofSeconds(480), List.of("-Xmx512m", "-XX:TieredStopAtLevel=1"), AgentIpvsLabMain.class);
        System.out.printf("agent kernel-lab VM took %d ms%n", (System.nanoTime() - start) / 1_000_000);
        result.requireChecksPassed(CHECKS).requireSuccess();
        assertThat(result.checks()).extracting(Result.Check::name).containsExactly(CHECKS);
    }
}
