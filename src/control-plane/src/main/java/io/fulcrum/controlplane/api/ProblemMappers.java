package io.fulcrum.controlplane.api;

import io.fulcrum.controlplane.service.ApiProblem;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.ValidationException;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.sql.SQLException;
import java.util.List;

/** Every failure leaves as application/problem+json. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response apiProblem(ApiProblem p) { return Problems.response(p.status, p.title, p.getMessage(), p.errors); }

    @ServerExceptionMapper
    public Response invalid(ValidationException e) {
        return Problems.response(400, "Invalid request", e.getMessage(), e.errors());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) != null ? Response.Status.fromStatusCode(status).getReasonPhrase() : "Error";
        // the framework's own wording names its internals; say what the caller can do instead
        String detail = switch (status) {
            case 404 -> "no API resource at this path; the paths are listed in /api/v1/openapi.yaml";
            case 405 -> "this path does not take that method; see /api/v1/openapi.yaml";
            case 406 -> "this resource answers in application/json (and the configuration also in application/yaml)";
            case 415 -> "send the body with Content-Type: application/json (or application/yaml)";
            default -> e.getMessage();
        };
        return Problems.response(status, title, detail, List.of());
    }

    /**
     * Constraint violations: a writer that raced past the service's checks meets PostgreSQL's
     * constraints, named here by the field they protect.
     */
    @ServerExceptionMapper
    public Response persistence(PersistenceException e) {
        ApiProblem conflict = constraintConflict(e);
        if (conflict != null) return apiProblem(conflict);
        LOG.error("database failure", e);
        return Problems.response(500, "Internal error", "the database failed; see the control plane's log", List.of());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected failure", e);
        return Problems.response(500, "Internal error", "an unexpected error; see the control plane's log", List.of());
    }

    /** A constraint violation as the 409 it means (REST and gRPC), naming the field it protects; null for any other failure. */
    public static ApiProblem constraintConflict(PersistenceException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                String constraint = constraintName(sql);
                String field = constraint.contains("vrid") ? "/vrid"
                        : constraint.contains("name_key") ? "/name"
                        : constraint.contains("address") || constraint.contains("fwmark") ? "/address"
                        : constraint.contains("director") ? "/members" : "";
                return new ApiProblem(409, "Conflict", "a concurrent change conflicts with this one (constraint " + constraint + ")",
                        field.isEmpty() ? List.of() : List.of(new FieldError(field, "conflicts with a concurrent change (" + constraint + ")")));
            }
        }
        return null;
    }

    private static String constraintName(SQLException e) {
        String m = String.valueOf(e.getMessage());
        int i = m.indexOf("constraint \"");
        return i < 0 ? "unknown" : m.substring(i + 12, m.indexOf('"', i + 12));
    }
}
