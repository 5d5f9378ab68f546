/**
 * Tests of the deployment artifacts under deploy/: the images and docker-compose.yml under podman, the
 * Debian packages and systemd units under systemd as PID 1 in a container, the Kubernetes manifests
 * rendered and checked against the Kubernetes schemas. Each fails loudly when its tool is missing.
 */
package io.fulcrum.deploy;
