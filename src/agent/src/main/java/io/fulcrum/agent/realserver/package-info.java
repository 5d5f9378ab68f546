/**
 * The real-server role (what LVS's {@code realserver.sh} does on a backend: the VIPs on {@code lo}
 * and the ARP sysctls for DR, {@code tunl0} and the VIPs on it for TUN), journalled so that a restarted agent undoes
 * exactly what it did. The decisions sit in {@link io.fulcrum.agent.realserver.RealServerRole}; the
 * host is reached only through {@link io.fulcrum.agent.realserver.HostNetwork} and
 * {@link io.fulcrum.agent.realserver.Sysctl}, which tests fake.
 */
package io.fulcrum.agent.realserver;
