/**
 * FULLNAT on a mainline kernel: IPVS masquerades the service, and one nftables rule per service in the
 * agent's own table ({@code inet fulcrum_fullnat}) source-NATs its flows (matched by their original
 * destination, with IPVS's conntrack support on) to the director's {@code fullnatAddresses}. The rules
 * wanted ({@link io.fulcrum.agent.fullnat.FullnatRules}) and the plan ({@link io.fulcrum.agent.fullnat.FullnatPlanner})
 * are pure; {@link io.fulcrum.agent.fullnat.FullnatReconciler} reads and writes through libnftables.
 */
package io.fulcrum.agent.fullnat;
