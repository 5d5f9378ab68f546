package io.fulcrum.controlplane.metrics;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Times every REST request, from before matching (so refused ones count too) to the response, labelled by
 * the resource method that served it ("DirectorsResource.status": bounded, unlike paths) or "unmatched".
 */
@Provider
@PreMatching
public class RestMetrics implements ContainerRequestFilter, ContainerResponseFilter {
    private static final String STARTED = RestMetrics.class.getName() + ".started";

    @Inject
    Metrics metrics;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object started = request.getProperty(STARTED);
        if (!(started instanceof Long t)) return;
        String route = resource == null || resource.getResourceMethod() == null
                ? "unmatched"
                : resource.getResourceClass().getSimpleName() + "."
                        + resource.getResourceMethod().getName();
        metrics.rest(request.getMethod(), route, response.getStatus(), System.nanoTime() - t);
    }
}
