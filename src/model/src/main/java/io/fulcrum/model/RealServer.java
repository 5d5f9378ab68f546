package io.fulcrum.model;

import java.net.InetAddress;
import java.util.Map;

/** A destination of a virtual server. port null: the virtual server's port. */
public record RealServer(
        String name,
        String description,
        Map<String, String> labels,
        InetAddress address,
        Integer port,
        int weight,
        int upperThreshold,
        int lowerThreshold,
        Enums.Forwarding forwarding,
        HealthCheck healthCheck,
        boolean inhibitOnFailure,
        Enums.AdminState adminState,
        Hook notifyUp,
        Hook notifyDown) {

    public RealServer {
        labels = Map.copyOf(labels);
    }

    public Enums.AddressFamily family() {
        return Addresses.family(address);
    }
}
