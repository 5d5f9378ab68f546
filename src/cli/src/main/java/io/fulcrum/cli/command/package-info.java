/**
 * The subcommands of {@code fulcrum ctl}, one class each (picocli): what to ask the control plane and what
 * to print, with the transport ({@link io.fulcrum.cli.http}) and the formatting ({@link io.fulcrum.cli.render})
 * kept outside.
 */
package io.fulcrum.cli.command;
