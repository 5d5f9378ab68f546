package io.fulcrum.agent.reconcile;

import io.fulcrum.agent.table.Table;

/** The kernel's IPVS table as the reconciler needs it: one dump, and one request per plan step. */
public interface IpvsKernel {
    /** The whole table, services with destinations and their active connection counts, in one dump. */
    Table dump();

    /** Carries out one step; throws when the kernel refuses it (the table is then as before the step). */
    void apply(Step step);
}
