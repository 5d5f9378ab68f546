package io.fulcrum.agent.table;

import io.fulcrum.model.Enums.Scheduler;
import io.fulcrum.model.Enums.SchedulerFlag;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * An IPVS service's settings. Everything but the key can be changed in place
 * (IPVS_CMD_SET_SERVICE), so a change here never removes and re-adds the service.
 *
 * @param persistence null: not persistent (IP_VS_SVC_F_PERSISTENT unset)
 * @param persistencePrefix the persistence granularity as a prefix length (32 or 128: one client)
 */
public record Service(
        ServiceKey key,
        Scheduler scheduler,
        Set<SchedulerFlag> schedulerFlags,
        Duration persistence,
        int persistencePrefix,
        boolean onePacket) {
    public Service {
        schedulerFlags = Set.copyOf(schedulerFlags);
    }

    /* By hand, as ServiceKey's: a no-change reconcile compares every service, and the generated equals is slow under C1. */
    @Override
    public boolean equals(Object o) {
        return this == o
                || o instanceof Service s
                        && persistencePrefix == s.persistencePrefix
                        && onePacket == s.onePacket
                        && scheduler == s.scheduler
                        && key.equals(s.key)
                        && Objects.equals(persistence, s.persistence)
                        && schedulerFlags.equals(s.schedulerFlags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, scheduler, schedulerFlags, persistence, persistencePrefix, onePacket);
    }
}
