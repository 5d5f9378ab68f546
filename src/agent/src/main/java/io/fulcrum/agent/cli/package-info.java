/**
 * The agent's command line ({@code bin/fulcrum agent}, {@code bin/fulcrum ipvs}): parses the arguments,
 * builds the parts of the process in order, starts them and stops them on shutdown. No decisions of
 * its own: everything it starts lives in the other packages.
 */
package io.fulcrum.agent.cli;
