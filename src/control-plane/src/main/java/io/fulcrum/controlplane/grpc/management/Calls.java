package io.fulcrum.controlplane.grpc.management;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;
import com.google.protobuf.util.FieldMaskUtil;
import io.fulcrum.controlplane.api.Representations;
import io.fulcrum.controlplane.service.ApiProblem;
import io.fulcrum.controlplane.service.Page;
import io.fulcrum.controlplane.service.Precondition;
import io.fulcrum.model.Defaults;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.ValidationException;
import io.fulcrum.wire.api.Resources;
import io.fulcrum.wire.api.RestJson;
import io.grpc.stub.StreamObserver;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Supplier;

/**
 * What every management call shares: the request scope, failures as statuses, resource names, paging,
 * preconditions and field masks. Messages become REST representations and back through
 * fulcrum-wire only ({@link RestJson}, the one mapping, and {@link Resources}).
 */
final class Calls {
    private Calls() {}

    /** Runs a unary call: its answer, or its failure as the status {@link GrpcProblems} maps it to. */
    static <T> void answer(StreamObserver<T> out, Supplier<T> call) {
        T result;
        try {
            result = inRequestScope(call);
        } catch (RuntimeException e) {
            out.onError(GrpcProblems.status(e));
            return;
        }
        out.onNext(result);
        out.onCompleted();
    }

    /** Runs {@code work} in a CDI request context, as a REST request runs (reads outside a transaction need one). */
    static <T> T inRequestScope(Supplier<T> work) {
        ManagedContext rc = Arc.container().requestContext();
        if (rc.isActive()) return work.get();
        rc.activate();
        try {
            return work.get();
        } finally {
            rc.terminate();
        }
    }

    /** The audit actor: the name of the caller's token. */
    static String actor() {
        return BearerAuth.CALLER.get().name();
    }

    /** A read that may throw SQLException (the status reads), as a call's step. */
    interface SqlRead<T> {
        T get() throws SQLException;
    }

    static <T> T sql(SqlRead<T> read) {
        try {
            return read.get();
        } catch (SQLException e) {
            throw new IllegalStateException("the status could not be read", e);
        }
    }

    // ------------------------------------------------------------------ resource names

    /** The id in {@code collection/{id}} (AIP-122), refused naming {@code field} otherwise. */
    static String id(String name, String collection, String field) {
        String prefix = collection + "/";
        if (name.startsWith(prefix)) {
            String id = name.substring(prefix.length());
            if (!id.isEmpty() && !id.contains("/")) return id;
        }
        throw new ValidationException(field, "must be " + collection + "/{name}, not '" + name + "'");
    }

    /** The virtual server and real server of {@code virtualServers/{vs}/realServers/{rs}}. */
    static String[] realServerName(String name) {
        String[] p = name.split("/", -1);
        if (p.length == 4
                && p[0].equals("virtualServers")
                && p[2].equals("realServers")
                && !p[1].isEmpty()
                && !p[3].isEmpty()) return new String[] {p[1], p[3]};
        throw new ValidationException(
                "name", "must be virtualServers/{virtualServer}/realServers/{realServer}, not '" + name + "'");
    }

    // ------------------------------------------------------------------ paging

    /** AIP-158: 0 is the server's default; more than the maximum is refused (REST refuses it too). */
    static int pageSize(int size) {
        if (size == 0) return Defaults.PAGE_SIZE;
        if (size < 0 || size > Defaults.MAX_PAGE_SIZE)
            throw new ValidationException("page_size", "must be from 0 (the default) to " + Defaults.MAX_PAGE_SIZE);
        return size;
    }

    static String pageToken(String token) {
        return token.isEmpty() ? null : token;
    }

    static List<String> labels(List<String> labels) {
        return Representations.labels(labels);
    }

    // ------------------------------------------------------------------ messages

    /** The next page token of a page, "" on the last. */
    static String next(Page<?> page) {
        return page.nextPageToken() == null ? "" : page.nextPageToken();
    }

    /** The etag a write states (If-Match), or null. */
    static String etagOf(Message m) {
        String etag = etagField(m);
        return etag.isEmpty() ? null : etag;
    }

    /** A message's etag field as it is ("" when unset or when it has none). */
    private static String etagField(Message m) {
        FieldDescriptor fd = m.getDescriptorForType().findFieldByName("etag");
        return fd == null ? "" : (String) m.getField(fd);
    }

    /** A delete's If-Match. */
    static Precondition ifMatch(String etag) {
        return new Precondition(etag.isEmpty() ? null : etag, false);
    }

    // ------------------------------------------------------------------ writes

    /** A create: If-None-Match: *, and a resource that exists is ALREADY_EXISTS (AIP-133). */
    static <T> T create(Supplier<T> write) {
        try {
            return write.get();
        } catch (ApiProblem p) {
            if (p.status != 412) throw p;
            throw new ApiProblem(409, "Conflict", "it exists already", List.of(new FieldError("/name", "exists")));
        }
    }

    /**
     * What an update writes: without a mask (or with "*") the request's message; with one, the stored
     * message with the masked fields taken from the request (FieldMaskUtil: repeated fields, messages
     * and scalars replaced, not merged). A mask naming a field the message has not is INVALID_ARGUMENT.
     */
    private static <M extends Message> M merged(M request, FieldMask mask, M stored) {
        if (!masked(mask)) return request;
        if (!FieldMaskUtil.isValid(request.getDescriptorForType(), mask))
            throw new ValidationException(
                    "update_mask",
                    "names a field " + request.getDescriptorForType().getName() + " does not have: "
                            + mask.getPathsList());
        Message.Builder b = stored.toBuilder();
        FieldMaskUtil.merge(
                mask,
                request,
                b,
                new FieldMaskUtil.MergeOptions()
                        .setReplaceRepeatedFields(true)
                        .setReplaceMessageFields(true)
                        .setReplacePrimitiveFields(true));
        @SuppressWarnings("unchecked") // toBuilder().build() of an M is an M
        M m = (M) b.build();
        return m;
    }

    /** Whether a mask names fields (not absent, not "*"). */
    static boolean masked(FieldMask mask) {
        return mask.getPathsCount() > 0
                && !(mask.getPathsCount() == 1 && mask.getPaths(0).equals("*"));
    }

    static boolean replacesAll(FieldMask mask) {
        return mask.getPathsList().contains("*");
    }

    /**
     * An update ready to write: the message to write ({@link #merged}), its precondition and whether the
     * server added that precondition itself (then its failing is ABORTED, see {@link #update}).
     */
    record Update<M extends Message>(M merged, Precondition precondition, boolean serverEtag) {
        /** Runs the write of {@link #merged} under {@link #precondition}. */
        <T> T write(Supplier<T> write) {
            return update(serverEtag, write);
        }
    }

    /**
     * The update of {@code given} (named by its {@code name}): the stored resource {@code read} answers
     * (a new one of that name when there is none and {@code allowMissing}) merged with it under
     * {@code mask}, and the precondition of writing that.
     */
    static <M extends Message> Update<M> updating(M given, FieldMask mask, boolean allowMissing, Supplier<M> read) {
        FieldDescriptor nameField = given.getDescriptorForType().findFieldByName("name");
        String name = (String) given.getField(nameField);
        M stored = stored(name, allowMissing, read);
        M m = merged(given, mask, stored != null ? stored : named(given, nameField, name));
        String etag = etagOf(given);
        Precondition pre = updatePrecondition(etag, mask, stored == null ? null : etagField(stored));
        return new Update<>(m, pre, etag == null && masked(mask));
    }

    /** An empty message of {@code like}'s type with only its name. */
    private static <M extends Message> M named(M like, FieldDescriptor nameField, String name) {
        @SuppressWarnings("unchecked") // a builder of an M's type builds an M
        M m = (M) like.newBuilderForType().setField(nameField, name).build();
        return m;
    }

    /**
     * The precondition of an update: the request's etag when it has one (a mismatch is
     * FAILED_PRECONDITION); for a masked update without one, the etag of the stored resource it was
     * merged with, so no concurrent write is lost (a mismatch is then ABORTED, see {@link #update}).
     */
    private static Precondition updatePrecondition(String requestEtag, FieldMask mask, String storedEtag) {
        if (requestEtag != null) return new Precondition(requestEtag, false);
        if (masked(mask) && storedEtag != null) return new Precondition(storedEtag, false);
        return Precondition.NONE;
    }

    /**
     * The stored resource an update starts from: {@code read}'s answer, or null when there is none and
     * {@code allowMissing} (otherwise NOT_FOUND). An update must name its resource.
     */
    private static <M> M stored(String name, boolean allowMissing, Supplier<M> read) {
        if (name.isEmpty()) throw new ValidationException("/name", "is required: it names the resource to update");
        try {
            return read.get();
        } catch (ApiProblem p) {
            if (p.status == 404 && allowMissing) return null;
            throw p;
        }
    }

    /** Runs an update's write: the precondition the server added itself failing is ABORTED (AIP-154), not 412. */
    private static <T> T update(boolean serverEtag, Supplier<T> write) {
        try {
            return write.get();
        } catch (ApiProblem p) {
            if (p.status != 412 || !serverEtag) throw p;
            throw new ApiProblem(409, "Conflict", "the resource changed during the update: try again", List.of());
        }
    }
}
