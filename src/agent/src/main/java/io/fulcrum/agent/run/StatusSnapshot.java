package io.fulcrum.agent.run;

import io.fulcrum.agent.reconcile.Plan;
import io.fulcrum.agent.reconcile.ServiceStats;
import io.fulcrum.health.HealthView;
import io.fulcrum.health.decide.Health;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.vrrp.machine.Counters;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the agent sees at one moment, read on the loop's thread: the document in force and the
 * virtual servers it serves, the kernel's counters, the drift the last reconcile found, the health
 * checker's verdicts and the VRRP groups' states.
 *
 * @param document null while no desired state is in force
 * @param kernel   empty when the kernel could not be read
 * @param ipvsUnavailable why the kernel's IPVS cannot be programmed (it has none), or null while it can
 * @param vrrpCounters    each VRRP group's counters (live: they go on counting), by name
 * @param trackScripts    each VRRP group's track scripts' results (UP / DOWN once known), by group and script
 */
public record StatusSnapshot(
        Instant at,
        ConfigDocument document,
        List<VirtualServer> served,
        List<ServiceStats> kernel,
        List<Plan.Drift> drift,
        HealthView health,
        List<AgentVrrp.GroupStatus> vrrp,
        String ipvsUnavailable,
        Map<String, Counters> vrrpCounters,
        Map<String, Map<String, Health>> trackScripts) {
    /** A snapshot without VRRP counters or track scripts. */
    public StatusSnapshot(
            Instant at,
            ConfigDocument document,
            List<VirtualServer> served,
            List<ServiceStats> kernel,
            List<Plan.Drift> drift,
            HealthView health,
            List<AgentVrrp.GroupStatus> vrrp,
            String ipvsUnavailable) {
        this(at, document, served, kernel, drift, health, vrrp, ipvsUnavailable, Map.of(), Map.of());
    }

    public StatusSnapshot {
        vrrpCounters = Map.copyOf(vrrpCounters);
        trackScripts = Map.copyOf(trackScripts);
        served = List.copyOf(served);
        kernel = List.copyOf(kernel);
        drift = List.copyOf(drift);
        vrrp = List.copyOf(vrrp);
    }
}
