package io.fulcrum.controlplane.api;

import io.fulcrum.controlplane.service.ApiProblem;
import io.fulcrum.model.ValidationException;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure leaves as application/problem+json. */
public class ProblemMappers {
    @ServerExceptionMapper
    public Response apiProblem(ApiProblem p) {
        return Problems.response(p.status, p.title, p.getMessage(), p.errors);
    }

    @ServerExceptionMapper
    public Response invalid(ValidationException e) {
        return apiProblem(ApiProblem.of(e));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase()
                : "Error";
        // the framework's own wording names its internals; say what the caller can do instead
        String detail = switch (status) {
            case 404 -> "no API resource at this path; the paths are listed in /api/v1/openapi.yaml";
            case 405 -> "this path does not take that method; see /api/v1/openapi.yaml";
            case 406 ->
                "this resource answers in application/json (the configuration and the contract also in application/yaml), errors in application/problem+json";
            case 415 -> "send the body with Content-Type: application/json (or application/yaml)";
            default -> e.getMessage();
        };
        return Problems.response(status, title, detail, List.of());
    }

    /** Constraint violations become the 409 they mean; other database failures a 500 (ApiProblem.of). */
    @ServerExceptionMapper
    public Response persistence(PersistenceException e) {
        return apiProblem(ApiProblem.of(e));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        return apiProblem(ApiProblem.of(e));
    }
}
