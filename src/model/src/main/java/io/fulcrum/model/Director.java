package io.fulcrum.model;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * A machine that runs a Fulcrum agent. {@code fullnatAddresses}: the director's own local addresses
 * that FULLNAT virtual servers take as the source of the connections they forward (empty: none).
 */
public record Director(
        String name,
        InetAddress managementAddress,
        String description,
        Map<String, String> labels,
        List<InetAddress> fullnatAddresses) {
    public Director {
        labels = Map.copyOf(labels);
        fullnatAddresses = fullnatAddresses == null ? List.of() : List.copyOf(fullnatAddresses);
    }

    /** A director without FULLNAT addresses. */
    public Director(String name, InetAddress managementAddress, String description, Map<String, String> labels) {
        this(name, managementAddress, description, labels, List.of());
    }

    /** The {@code fullnatAddresses} of {@code family}: the pool a FULLNAT service of that family takes. */
    public List<InetAddress> fullnatAddresses(Enums.AddressFamily family) {
        return fullnatAddresses.stream()
                .filter(a -> Addresses.family(a) == family)
                .toList();
    }
}
