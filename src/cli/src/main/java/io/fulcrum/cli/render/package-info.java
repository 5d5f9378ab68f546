/**
 * Pure formatting of what the commands print: tables, JSON and YAML, plans, the fleet's status, errors and
 * events, with ANSI colours only when a {@link io.fulcrum.cli.render.Style} says so. No I/O.
 */
package io.fulcrum.cli.render;
