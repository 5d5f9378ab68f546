/**
 * Health checks of real servers: keepalived's checkers (TCP, HTTP/HTTPS GET, SMTP, DNS, UDP, misc
 * scripts) on non-blocking I/O, with keepalived's rise/fall, inhibit, quorum/hysteresis, sorry server,
 * alpha and omega semantics.
 *
 * <p>Use from the agent:
 * <pre>
 *   HealthMonitor health = HealthMonitor.start(HealthMonitor.Options.defaults().withScripts(localScriptDir));
 *   health.addListener(event -&gt; queue.offer(event));      // every change; then reconcile and forward it
 *   health.update(doc.servedBy(directorName));              // on every desired state; HealthConfigException rejects it
 *   Destinations d = health.view().effectiveDestinations(virtualServer);   // what IPVS should hold
 *   health.close();                                         // on shutdown (omega events first)
 * </pre>
 *
 * <p>Packages: {@code decide} the pure rules (rise/fall, quorum, destinations); {@code spec} effective
 * checks and configuration validation; {@code schedule} the clock and per-check rounds; {@code probe}
 * the probes on Netty and misc checks (their scripts run on the scripts module's ScriptRunner).
 */
package io.fulcrum.health;
