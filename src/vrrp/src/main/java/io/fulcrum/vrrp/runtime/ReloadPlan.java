package io.fulcrum.vrrp.runtime;

import io.fulcrum.model.VrrpGroup;
import io.fulcrum.vrrp.machine.InstanceConfig;
import java.util.List;

/**
 * What a reload does to each group ({@link ReloadPlanner} decides it, {@link ReloadExecutor} carries it
 * out): keep, update in place, restart, start or stop, with the reason, and for each group that is to
 * run with a new configuration, its instance as it is to run here.
 */
record ReloadPlan(List<Step> steps) {
    ReloadPlan {
        steps = List.copyOf(steps);
    }

    /** One group's change, and its instance when it is updated, started or restarted (else null). */
    record Step(GroupChanges.Change change, Instance instance) {
        String group() {
            return change.group();
        }

        GroupChanges.Kind kind() {
            return change.kind();
        }
    }

    /**
     * A group's instance as it is to run here: its configuration (its source address from the host), its
     * virtual MAC link (or null), its advert channel's key and the interface that channel is on.
     */
    record Instance(VrrpGroup group, InstanceConfig config, String vmac, String channelKey, String advertIface) {}

    List<GroupChanges.Change> changes() {
        return steps.stream().map(Step::change).toList();
    }
}
