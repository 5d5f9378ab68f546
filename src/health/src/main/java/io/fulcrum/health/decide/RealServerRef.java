package io.fulcrum.health.decide;

/** A real server as a member of one virtual server (the names of the model). */
public record RealServerRef(String virtualServer, String realServer) {
    @Override
    public String toString() {
        return virtualServer + "/" + realServer;
    }
}
