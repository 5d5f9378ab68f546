package io.fulcrum.controlplane.service;

import io.fulcrum.model.FieldError;

import java.util.List;

/**
 * A request the service refused, with the HTTP-like status it maps to (RFC 9457 problem details are
 * rendered from it by the REST layer; gRPC maps the same statuses to its codes).
 */
public class ApiProblem extends RuntimeException {
    public final int status;
    public final String title;
    public final List<FieldError> errors;

    public ApiProblem(int status, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ApiProblem notFound(String what) { return new ApiProblem(404, "Not found", what + " does not exist", List.of()); }

    public static ApiProblem preconditionFailed(String detail) { return new ApiProblem(412, "Precondition failed", detail, List.of()); }

    public static ApiProblem invalid(List<FieldError> errors) {
        return new ApiProblem(400, "Invalid request", errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid", errors);
    }

    public static ApiProblem conflict(List<FieldError> errors) {
        return new ApiProblem(409, "Conflict", errors.isEmpty() ? "conflicts with the current state"
                : errors.get(0).field() + ": " + errors.get(0).message(), errors);
    }

    public static ApiProblem conflict(String field, String message) { return conflict(List.of(new FieldError(field, message))); }
}
