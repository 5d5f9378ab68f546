/**
 * The running agent: {@link io.fulcrum.agent.run.AgentLoop} (the one thread that turns the desired state
 * in force and the health checker's verdicts into reconciles), the VRRP role, the scripts and notify
 * hooks a desired state asks for, and what the agent reports. It wires the other packages together;
 * the decisions it relies on live in them.
 */
package io.fulcrum.agent.run;
