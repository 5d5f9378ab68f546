/**
 * The dashboard's HTTP plumbing: its deep links are answered with the single-page app (web-ui/, built and
 * served by Quinoa), the API keeps its own answers.
 */
package io.fulcrum.controlplane.web;
