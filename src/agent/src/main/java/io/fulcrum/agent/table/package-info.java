/**
 * The IPVS table as the agent thinks of it (services, destinations, their keys), the desired one and
 * the one a dump read alike; {@link io.fulcrum.agent.table.DesiredTables} is the one place where the
 * model and the health checker's verdicts become the table a director should hold. Pure: no I/O.
 */
package io.fulcrum.agent.table;
