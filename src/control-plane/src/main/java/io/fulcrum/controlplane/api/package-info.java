/**
 * The REST API of openapi.yaml: resources, representations and problem details; transport only, the
 * decisions are the service layer's.
 */
package io.fulcrum.controlplane.api;
