package io.fulcrum.agent.reconcile;

import io.fulcrum.agent.table.Destination;
import io.fulcrum.agent.table.Service;
import io.fulcrum.agent.table.ServiceKey;

/** One kernel operation of a plan; each is one netlink request (linux/ip_vs.h IPVS_CMD_*). */
public sealed interface Step {
    /** IPVS_CMD_NEW_SERVICE */
    record AddService(Service service) implements Step {}

    /** IPVS_CMD_SET_SERVICE: scheduler, flags, persistence changed in place. */
    record EditService(Service before, Service after) implements Step {}

    /** IPVS_CMD_DEL_SERVICE (its destinations were removed by earlier steps). */
    record DeleteService(ServiceKey key) implements Step {}

    /** IPVS_CMD_NEW_DEST */
    record AddDestination(ServiceKey service, Destination destination) implements Step {}

    /** IPVS_CMD_SET_DEST: weight, thresholds, forwarding changed in place. */
    record EditDestination(ServiceKey service, Destination before, Destination after) implements Step {}

    /** IPVS_CMD_DEL_DEST */
    record DeleteDestination(ServiceKey service, Destination.Key destination) implements Step {}
}
