package io.fulcrum.controlplane.service;

import io.fulcrum.model.FieldError;
import io.fulcrum.model.ValidationException;
import jakarta.persistence.PersistenceException;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.util.List;

/**
 * A request the service refused, with the HTTP-like status it maps to (RFC 9457 problem details are
 * rendered from it by the REST layer; gRPC maps the same statuses to its codes).
 */
public class ApiProblem extends RuntimeException {
    private static final System.Logger LOG = System.getLogger(ApiProblem.class.getName());

    public final int status;
    public final String title;
    public final List<FieldError> errors;

    public ApiProblem(int status, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ApiProblem notFound(String what) {
        return new ApiProblem(404, "Not found", what + " does not exist", List.of());
    }

    public static ApiProblem preconditionFailed(String detail) {
        return new ApiProblem(412, "Precondition failed", detail, List.of());
    }

    public static ApiProblem invalid(List<FieldError> errors) {
        return new ApiProblem(
                400,
                "Invalid request",
                errors.size() == 1
                        ? errors.get(0).field() + ": " + errors.get(0).message()
                        : errors.size() + " fields are invalid",
                errors);
    }

    public static ApiProblem conflict(List<FieldError> errors) {
        return new ApiProblem(
                409,
                "Conflict",
                errors.isEmpty()
                        ? "conflicts with the current state"
                        : errors.get(0).field() + ": " + errors.get(0).message(),
                errors);
    }

    public static ApiProblem conflict(String field, String message) {
        return conflict(List.of(new FieldError(field, message)));
    }

    /**
     * Any failure of a call as the problem it answers with, for REST and gRPC alike: refusals as they
     * are, validation as 400, a constraint violation as the 409 it means, a database out of reach as a
     * 503 (try again), anything else as a 500 whose cause goes to the log (and not to the caller).
     */
    public static ApiProblem of(Throwable t) {
        if (t instanceof ApiProblem p) return p;
        if (t instanceof ValidationException v)
            return new ApiProblem(400, "Invalid request", v.getMessage(), v.errors());
        String unreachable = databaseUnreachable(t);
        if (unreachable != null) {
            LOG.log(Level.WARNING, "the database is out of reach: {0}", unreachable);
            return new ApiProblem(
                    503,
                    "Service unavailable",
                    "the database is out of reach (restarting?); try again in a moment, and read back a write"
                            + " whose answer this was before repeating it",
                    List.of());
        }
        if (t instanceof PersistenceException pe) {
            ApiProblem conflict = constraintConflict(pe);
            if (conflict != null) return conflict;
            LOG.log(Level.ERROR, "database failure", t);
            return new ApiProblem(500, "Internal error", "the database failed; see the control plane's log", List.of());
        }
        LOG.log(Level.ERROR, "unexpected failure", t);
        return new ApiProblem(500, "Internal error", "an unexpected error; see the control plane's log", List.of());
    }

    /**
     * A constraint violation as the 409 it means, naming the field it protects (a deadlock as a 409
     * too); null for any other failure. A writer that raced past the service's checks meets PostgreSQL's constraints.
     */
    static ApiProblem constraintConflict(PersistenceException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // a deadlock or serialization failure: PostgreSQL chose this write to give way (to an apply of a
            // whole document, which takes the revision first and then the rows); nothing of it was written
            if (t instanceof SQLException sql
                    && ("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState()))) {
                return new ApiProblem(
                        409,
                        "Conflict",
                        "a concurrent change got in the way; nothing was written: try again",
                        List.of());
            }
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("23")) {
                String constraint = constraintName(sql);
                String field = constraint.contains("vrid")
                        ? "/vrid"
                        : constraint.contains("name_key")
                                ? "/name"
                                : constraint.contains("address") || constraint.contains("fwmark")
                                        ? "/address"
                                        : constraint.contains("director") ? "/members" : "";
                return new ApiProblem(
                        409,
                        "Conflict",
                        "a concurrent change conflicts with this one (constraint " + constraint + ")",
                        field.isEmpty()
                                ? List.of()
                                : List.of(new FieldError(
                                        field, "conflicts with a concurrent change (" + constraint + ")")));
            }
        }
        return null;
    }

    /**
     * SQLSTATE classes meaning the database cannot be reached now, not that the request is wrong
     * (PostgreSQL, Appendix A: 08 connection exception; 57P01-57P03 admin/crash shutdown, cannot connect
     * now; 53300 too many connections). Null when the failure is something else.
     */
    static String databaseUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"))
                    return state + " " + sql.getMessage();
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
