package io.fulcrum.controlplane.chaos;

/** The faults the run injects, each undone (repaired) by the harness after its hold. */
public enum FaultType {
    /** kill -9 of one replica, restarted after the hold. */
    REPLICA_KILL("replica kill -9"),
    /** kill -9 of PostgreSQL's postmaster, restarted after the hold. */
    DATABASE_KILL("postgres kill -9"),
    /** kill -9 of some agents (their saved state kept, as on disk), restarted after the hold. */
    AGENT_KILL("agents kill -9"),
    /** Every gRPC connection through both replicas' proxies cut at once (a network blip). */
    CONNECTIONS_CUT("grpc connections cut"),
    /** One replica stopped (SIGSTOP) for longer than the agents' keepalive, then resumed (SIGCONT). */
    REPLICA_PAUSE("replica SIGSTOP");

    private final String label;

    FaultType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
