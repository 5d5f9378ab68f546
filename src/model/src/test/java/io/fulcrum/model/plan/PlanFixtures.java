package io.fulcrum.model.plan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.codec.DocumentCodec;
import java.util.List;

/**
 * A small fleet in its document form, and the two ways the planner receives a document: as the
 * stored state (with secrets, a revision) and as a desired document (decoded for planning).
 */
final class PlanFixtures {
    private PlanFixtures() {}

    static final String PASSWORD = "s3cr3t!x";
    static final long REVISION = 7;

    /**
     * lb1, lb2, lb3; group g1 (VRID 51 on eth0, lb1+lb2, password) carrying 192.0.2.10; virtual server
     * web on it with rs1, rs2; virtual server dns (team=infra) on lb3 alone with real server a.
     */
    static ObjectNode fleet() {
        return (ObjectNode) DocumentCodec.parse("""
                apiVersion: fulcrum/v1
                directors:
                  - {name: lb1, managementAddress: 10.0.0.1}
                  - {name: lb2, managementAddress: 10.0.0.2}
                  - {name: lb3, managementAddress: 10.0.0.3}
                vrrpGroups:
                  - name: g1
                    vrid: 51
                    interface: eth0
                    virtualAddresses: [{address: 192.0.2.10/24}]
                    members: [{director: lb1, priority: 150}, {director: lb2, priority: 100}]
                    authentication: {type: pass, password: "%s"}
                virtualServers:
                  - name: web
                    address: 192.0.2.10
                    port: 80
                    vrrpGroup: g1
                    realServers:
                      - {name: rs1, address: 10.1.0.1}
                      - {name: rs2, address: 10.1.0.2}
                  - name: dns
                    labels: {team: infra}
                    address: 192.0.2.53
                    port: 53
                    protocol: udp
                    directors: [lb3]
                    realServers:
                      - {name: a, address: 10.2.0.1}
                """.formatted(PASSWORD));
    }

    static ObjectNode empty() {
        return (ObjectNode)
                DocumentCodec.parse("{apiVersion: fulcrum/v1, directors: [], vrrpGroups: [], virtualServers: []}");
    }

    /** {@code doc} as the store holds it: secrets present, at {@link #REVISION}. */
    static ConfigDocument stored(ObjectNode doc) {
        ConfigDocument d = DocumentCodec.decodeDocument(doc, true);
        return new ConfigDocument(REVISION, d.directors(), d.vrrpGroups(), d.virtualServers());
    }

    /** {@code doc} as exported: without the passwords. */
    static ObjectNode exported(ObjectNode doc) {
        ObjectNode copy = doc.deepCopy();
        for (var g : copy.withArray("vrrpGroups")) {
            if (g.has("authentication")) ((ObjectNode) g.get("authentication")).remove("password");
        }
        return copy;
    }

    static ConfigDocument desired(ObjectNode doc) {
        return DocumentCodec.decodeDesiredDocument(doc);
    }

    static Plan plan(ObjectNode stored, ObjectNode desired, PlanOptions options) {
        return Planner.plan(stored(stored), desired(desired), options);
    }

    static Plan plan(ObjectNode stored, ObjectNode desired) {
        return plan(stored, desired, PlanOptions.DEFAULT);
    }

    static ArrayNode array(ObjectNode doc, String field) {
        return doc.withArray(field);
    }

    /** The changes as "action kind resource", in plan order. */
    static List<String> summary(Plan plan) {
        return plan.changes().stream()
                .map(c -> c.action().wire() + " " + c.kind().wire() + " " + c.resource())
                .toList();
    }
}
