package io.fulcrum.controlplane.api;

import io.fulcrum.controlplane.Settings;
import io.fulcrum.controlplane.service.ApiProblem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Refuses a request body over {@link Settings#MAX_DOCUMENT_SIZE} with a 413 problem that names the
 * limit, by its Content-Length, before the body is read (and before authentication: the size alone
 * decides). A body without Content-Length meets the HTTP server's own limit of the same size
 * (quarkus.http.limits.max-body-size), and {@link ConfigDocuments#desired} checks what it read.
 */
@Provider
@PreMatching
public class DocumentSizeLimit implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext ctx) {
        String length = ctx.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        long limit = Settings.maxDocumentSize();
        if (length != null && tooLong(length, limit)) {
            ApiProblem p = ConfigDocuments.tooLarge(limit);
            ctx.abortWith(Problems.response(p.status, p.title, p.getMessage(), p.errors));
        }
    }

    private static boolean tooLong(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // the HTTP server refuses a malformed length itself
        }
    }
}
