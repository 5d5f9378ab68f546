/**
 * The control plane's process: its entry point (embedded PostgreSQL first, then Quarkus), its settings,
 * the start-up banner and the one owner of its shutdown order.
 */
package io.fulcrum.controlplane;
