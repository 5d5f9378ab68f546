package io.fulcrum.model;

import java.net.InetAddress;
import java.util.Map;

/** A machine that runs a Fulcrum agent. */
public record Director(String name, InetAddress managementAddress, String description, Map<String, String> labels) {
    public Director {
        labels = Map.copyOf(labels);
    }
}
