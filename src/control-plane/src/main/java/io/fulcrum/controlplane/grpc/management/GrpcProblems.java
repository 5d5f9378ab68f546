package io.fulcrum.controlplane.grpc.management;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.fulcrum.api.v1.Problem;
import io.fulcrum.controlplane.api.Problems;
import io.fulcrum.controlplane.service.ApiProblem;
import io.fulcrum.model.FieldError;
import io.fulcrum.wire.api.RestJson;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Locale;
import java.util.Set;

/**
 * The one mapping from the control plane's refusals (ApiProblem, ValidationException, constraint
 * violations) to gRPC statuses: the code for the REST status, and as details a google.rpc.ErrorInfo
 * (the REST status and problem title) and a google.rpc.BadRequest naming every bad field by the JSON
 * pointer REST's problem+json names, and REST's problem+json itself as a fulcrum.v1.Problem. Messages are the REST problem's detail, which never holds a secret.
 */
public final class GrpcProblems {
    /** ErrorInfo.domain of every error of the management API. */
    public static final String DOMAIN = "fulcrum.v1";

    /**
     * The fields of a 409 by which a write claims an identity (its name, service address, fwmark,
     * VRID) that another resource holds: ALREADY_EXISTS. Every other 409 (still referenced, a
     * concurrent change) is ABORTED.
     */
    private static final Set<String> IDENTITY = Set.of("/name", "/address", "/fwmark", "/vrid");

    private GrpcProblems() {}

    /** The status a failed call ends with. */
    public static StatusRuntimeException status(Throwable failure) {
        return status(ApiProblem.of(failure));
    }

    public static StatusRuntimeException status(ApiProblem p) {
        String message = p.getMessage() != null ? p.getMessage() : p.title;
        com.google.rpc.Status.Builder s = com.google.rpc.Status.newBuilder()
                .setCode(code(p).value())
                .setMessage(message)
                .addDetails(Any.pack(ErrorInfo.newBuilder()
                        .setDomain(DOMAIN)
                        .setReason(reason(p.title))
                        .putMetadata("httpStatus", Integer.toString(p.status))
                        .build()));
        if (!p.errors.isEmpty()) {
            BadRequest.Builder bad = BadRequest.newBuilder();
            for (FieldError e : p.errors)
                bad.addFieldViolations(BadRequest.FieldViolation.newBuilder()
                        .setField(e.field())
                        .setDescription(e.message()));
            s.addDetails(Any.pack(bad.build()));
        }
        s.addDetails(Any.pack(
                RestJson.parse(Problems.json(p.status, p.title, p.getMessage(), p.errors), Problem.newBuilder())
                        .build()));
        return StatusProto.toStatusRuntimeException(s.build());
    }

    static Status.Code code(ApiProblem p) {
        return switch (p.status) {
            case 400 -> Status.Code.INVALID_ARGUMENT;
            case 401 -> Status.Code.UNAUTHENTICATED;
            case 403 -> Status.Code.PERMISSION_DENIED;
            case 404 -> Status.Code.NOT_FOUND;
            case 409 ->
                !p.errors.isEmpty() && p.errors.stream().allMatch(e -> IDENTITY.contains(e.field()))
                        ? Status.Code.ALREADY_EXISTS
                        : Status.Code.ABORTED;
            case 412 -> Status.Code.FAILED_PRECONDITION;
            case 413, 429 -> Status.Code.RESOURCE_EXHAUSTED;
            case 503 -> Status.Code.UNAVAILABLE;
            default -> Status.Code.INTERNAL;
        };
    }

    /** "Precondition failed" -> PRECONDITION_FAILED. */
    private static String reason(String title) {
        return title.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_").replaceAll("^_|_$", "");
    }
}
