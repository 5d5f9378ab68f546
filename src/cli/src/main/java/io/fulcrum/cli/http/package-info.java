/**
 * The transport to the control plane: one small interface ({@link io.fulcrum.cli.http.Http}, a fake in
 * tests), its java.net.http implementation, and {@link io.fulcrum.cli.http.ControlPlane}, which knows
 * the REST paths, paging, entity tags and how an error response reads for a person.
 */
package io.fulcrum.cli.http;
