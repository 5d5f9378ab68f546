package io.fulcrum.health.decide;

import io.fulcrum.model.Enums;
import java.net.InetAddress;

/**
 * One destination the virtual server should have in IPVS after health decisions.
 *
 * @param realServer  the real server's name; null for the sorry server
 * @param forwarding  the real server's own forwarding, null for the virtual server's
 * @param weight      the weight to program: the configured (or dynamic) weight, or 0 when inhibited
 * @param sorry       this is the virtual server's sorry server
 */
public record Destination(
        String realServer, InetAddress address, int port, Enums.Forwarding forwarding, int weight, boolean sorry) {}
