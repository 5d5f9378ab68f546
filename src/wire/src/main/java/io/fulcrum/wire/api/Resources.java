package io.fulcrum.wire.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.api.v1.ConfigDocument;
import io.fulcrum.api.v1.Director;
import io.fulcrum.api.v1.HealthCheck;
import io.fulcrum.api.v1.Plan;
import io.fulcrum.api.v1.RealServer;
import io.fulcrum.api.v1.VirtualServer;
import io.fulcrum.api.v1.VrrpGroup;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.model.plan.PlanCodec;

/**
 * The domain model as fulcrum.v1 messages and back, through the REST representation: a message is
 * read as REST reads a body ({@link DocumentCodec}, every check and every error pointer REST's), and a
 * model value is written as REST writes it, then read by {@link RestJson}. So a message and REST can
 * never differ in what they accept or say. (The model's types share the messages' simple names: they
 * are written in full here.)
 */
public final class Resources {
    private Resources() {}

    public static Director director(io.fulcrum.model.Director d) {
        return RestJson.parse(DocumentCodec.encode(d), Director.newBuilder()).build();
    }

    /** @throws ValidationException naming every bad field by its JSON pointer, as REST does */
    public static io.fulcrum.model.Director director(Director m) {
        return DocumentCodec.decodeDirector(RestJson.print(m));
    }

    /** Without the password (write-only), with passwordSet. */
    public static VrrpGroup vrrpGroup(io.fulcrum.model.VrrpGroup g) {
        return RestJson.parse(DocumentCodec.encode(g, true), VrrpGroup.newBuilder())
                .build();
    }

    public static io.fulcrum.model.VrrpGroup vrrpGroup(VrrpGroup m) {
        return DocumentCodec.decodeVrrpGroup(RestJson.print(m));
    }

    public static VirtualServer virtualServer(io.fulcrum.model.VirtualServer v) {
        return RestJson.parse(DocumentCodec.encode(v, true), VirtualServer.newBuilder())
                .build();
    }

    /** Its real servers as given; {@link #realServersGiven} says whether there are any. */
    public static io.fulcrum.model.VirtualServer virtualServer(VirtualServer m) {
        return DocumentCodec.decodeVirtualServer(RestJson.print(m));
    }

    /** Whether a write of {@code m} replaces the real servers as a REST body with realServers does. */
    public static boolean realServersGiven(VirtualServer m) {
        return m.getRealServersCount() > 0;
    }

    public static RealServer realServer(io.fulcrum.model.RealServer r) {
        return RestJson.parse(DocumentCodec.encode(r), RealServer.newBuilder()).build();
    }

    public static io.fulcrum.model.RealServer realServer(RealServer m) {
        return DocumentCodec.decodeRealServer(RestJson.print(m));
    }

    public static HealthCheck healthCheck(io.fulcrum.model.HealthCheck h) {
        return RestJson.parse(DocumentCodec.encode(h), HealthCheck.newBuilder()).build();
    }

    /** The export form: no secrets. */
    public static ConfigDocument configDocument(io.fulcrum.model.ConfigDocument d) {
        return RestJson.parse(DocumentCodec.encode(d), ConfigDocument.newBuilder())
                .build();
    }

    /** A document to plan or apply: each resource checked on its own (the plan checks across). */
    public static io.fulcrum.model.ConfigDocument desiredDocument(ConfigDocument m) {
        ObjectNode json = RestJson.print(m);
        return DocumentCodec.decodeDesiredDocument(json);
    }

    public static Plan plan(io.fulcrum.model.plan.Plan p) {
        return RestJson.parse(PlanCodec.encode(p), Plan.newBuilder()).build();
    }
}
