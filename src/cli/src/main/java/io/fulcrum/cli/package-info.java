/**
 * {@code fulcrum ctl}: the command line of the control plane's REST API. This package wires the commands
 * ({@link io.fulcrum.cli.Cli}) to the terminal and the transport; the commands, the transport, the
 * formatting and the connection settings each have their own package.
 */
package io.fulcrum.cli;
