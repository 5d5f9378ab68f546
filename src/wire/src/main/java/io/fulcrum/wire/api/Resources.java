package io.fulcrum.wire.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import io.fulcrum.api.v1.ConfigDocument;
import io.fulcrum.api.v1.Director;
import io.fulcrum.api.v1.Plan;
import io.fulcrum.api.v1.RealServer;
import io.fulcrum.api.v1.VirtualServer;
import io.fulcrum.api.v1.VrrpGroup;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.model.plan.PlanCodec;

/**
 * The domain model as fulcrum.v1 messages and back, with REST's rules: a message is read as REST
 * reads a body ({@link DocumentCodec} over the message's REST representation, which {@link RestTrees}
 * builds from its fields: every check and every error pointer REST's), and a resource's message is
 * its REST representation's ({@link ModelMessages} sets the fields that representation would, without
 * the JSON in between). A REST representation with metadata and status becomes a message through
 * {@link RestJson}, with the ETag REST sends as a header ({@link #message}). So a message and REST can
 * never differ in what they accept or say; ResourcesEquivalenceTest proves the direct conversions
 * equal to the JSON path. (The model's types share the messages' simple names: they are written in
 * full here.)
 */
public final class Resources {
    private Resources() {}

    /** The message of a REST representation, with the ETag REST sends as a header (null: none). */
    public static <B extends Message.Builder> B message(ObjectNode representation, String etag, B builder) {
        RestJson.parse(representation, builder);
        if (etag != null) builder.setField(builder.getDescriptorForType().findFieldByName(RestJson.ETAG), etag);
        return builder;
    }

    /** @throws ValidationException naming every bad field by its JSON pointer, as REST does */
    public static io.fulcrum.model.Director director(Director m) {
        return DocumentCodec.decodeDirector(RestTrees.director(m));
    }

    public static io.fulcrum.model.VrrpGroup vrrpGroup(VrrpGroup m) {
        return DocumentCodec.decodeVrrpGroup(RestTrees.vrrpGroup(m));
    }

    /** Its real servers as given. */
    public static io.fulcrum.model.VirtualServer virtualServer(VirtualServer m) {
        return DocumentCodec.decodeVirtualServer(RestTrees.virtualServer(m));
    }

    public static io.fulcrum.model.RealServer realServer(RealServer m) {
        return DocumentCodec.decodeRealServer(RestTrees.realServer(m));
    }

    // ------------------------------------------------------------------ model to message (bodies)

    /** The resource alone, as a document lists it: no metadata, no status, no ETag. */
    public static Director message(io.fulcrum.model.Director d) {
        return ModelMessages.director(d);
    }

    /** As a document lists it; never the password (the agent protocol adds it: DesiredStates). */
    public static VrrpGroup message(io.fulcrum.model.VrrpGroup g) {
        return ModelMessages.vrrpGroup(g);
    }

    /** As a document lists it, with its real servers or ({@code withRealServers} false) without. */
    public static VirtualServer message(io.fulcrum.model.VirtualServer v, boolean withRealServers) {
        return ModelMessages.virtualServer(v, withRealServers);
    }

    public static RealServer message(io.fulcrum.model.RealServer r) {
        return ModelMessages.realServer(r);
    }

    /** The export form: no secrets. */
    public static ConfigDocument configDocument(io.fulcrum.model.ConfigDocument d) {
        return ModelMessages.configDocument(d);
    }

    /** A document to plan or apply: each resource checked on its own (the plan checks across). */
    public static io.fulcrum.model.ConfigDocument desiredDocument(ConfigDocument m) {
        return DocumentCodec.decodeDesiredDocument(RestTrees.configDocument(m));
    }

    public static Plan plan(io.fulcrum.model.plan.Plan p) {
        return RestJson.parse(PlanCodec.encode(p), Plan.newBuilder()).build();
    }
}
