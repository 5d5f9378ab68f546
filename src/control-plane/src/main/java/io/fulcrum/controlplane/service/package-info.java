/**
 * The service layer as REST and gRPC call it: {@link io.fulcrum.controlplane.service.ModelService}
 * (reads and writes), {@link io.fulcrum.controlplane.service.ModelReader} (cached reads), and what they
 * answer with: stored values, pages, preconditions and refusals ({@link io.fulcrum.controlplane.service.ApiProblem}).
 */
package io.fulcrum.controlplane.service;
