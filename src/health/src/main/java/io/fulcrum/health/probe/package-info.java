/**
 * Single probes: keepalived's TCP, HTTP/HTTPS GET, SMTP, DNS and UDP checks as channels on Netty's NIO
 * event loops (no native code), and misc checks on the scripts module's runner
 * ({@link io.fulcrum.health.probe.MiscCheck}). A probe never blocks its caller and always completes
 * with a result within its timeout; what a result means over time is for {@code decide}.
 */
package io.fulcrum.health.probe;
