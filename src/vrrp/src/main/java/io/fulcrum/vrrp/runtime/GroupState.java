package io.fulcrum.vrrp.runtime;

import io.fulcrum.model.VrrpGroup;
import io.fulcrum.vrrp.machine.State;
import io.fulcrum.vrrp.machine.VrrpMachine;

/**
 * One VRRP group as the router runs it: its machine, its definition (and the one before its last
 * in-place change), its advert channel, its virtual MAC link and what holds it in FAULT because that
 * link or channel is not usable. Changed on the router thread only; its state and advertised priority
 * are also read from other threads ({@link VrrpRouter#states}, {@link VrrpRouter#priorities}).
 */
final class GroupState {
    private final VrrpMachine machine;
    /** The key of its advert channel ("eth0/v4"): groups on one interface and family share one. */
    private final String channelKey;
    /** The interface its adverts go out and come in on: its own, or its virtual MAC link for multicast ones. */
    private final String advertIface;
    /** Its virtual MAC link (keepalived's vrrp.VRID), or null. */
    private final String vmac;

    private VrrpGroup group;
    /** The group as it was before the last in-place change (its dropped addresses are removed from there), or null. */
    private VrrpGroup previous;
    /** The fault source that holds it in FAULT because its virtual MAC link or channel is not usable, or null. */
    private String setupFault;
    /** The last setup failure logged: a repeat is not logged again. */
    private String setupFaultLogged;

    private volatile State state = State.INITIALIZE;
    private volatile int priority;

    GroupState(ReloadPlan.Instance instance) {
        this.machine = new VrrpMachine(instance.config());
        this.group = instance.group();
        this.channelKey = instance.channelKey();
        this.advertIface = instance.advertIface();
        this.vmac = instance.vmac();
        this.priority = machine.effectivePriority();
    }

    String name() {
        return group.name();
    }

    VrrpMachine machine() {
        return machine;
    }

    VrrpGroup group() {
        return group;
    }

    VrrpGroup previous() {
        return previous;
    }

    String channelKey() {
        return channelKey;
    }

    String advertIface() {
        return advertIface;
    }

    String vmac() {
        return vmac;
    }

    State state() {
        return state;
    }

    int priority() {
        return priority;
    }

    void state(State s) {
        state = s;
    }

    void priority(int p) {
        priority = p;
    }

    /** A reload left it unchanged: {@code g} is the same group for this director (descriptions, labels may differ). */
    void keep(VrrpGroup g) {
        group = g;
        previous = null;
    }

    /** A reload changes it in place to {@code g}. */
    void changeTo(VrrpGroup g) {
        previous = group;
        group = g;
    }

    String setupFault() {
        return setupFault;
    }

    /** Holds it in FAULT for {@code source}; returns the source that held it before (null: none). */
    String holdInFault(String source) {
        String before = setupFault;
        setupFault = source;
        return before;
    }

    /** True when {@code detail} was not the last failure logged (it is now). */
    boolean firstTime(String detail) {
        boolean first = !detail.equals(setupFaultLogged);
        setupFaultLogged = detail;
        return first;
    }

    /** Its setup is usable again: returns the fault source that held it (null: none). */
    String release() {
        String source = setupFault;
        setupFault = null;
        setupFaultLogged = null;
        return source;
    }

    /** What the reload planner knows of it. */
    ReloadPlanner.Running running() {
        return new ReloadPlanner.Running(group, machine.config(), channelKey, advertIface, vmac, setupFault);
    }
}
