package io.fulcrum.controlplane;

import static io.fulcrum.controlplane.Api.admin;
import static io.fulcrum.controlplane.Api.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.fulcrum.api.v1.ApplyRequest;
import io.fulcrum.api.v1.ConfigurationGrpc;
import io.fulcrum.api.v1.DeleteRealServerRequest;
import io.fulcrum.api.v1.DeleteRequest;
import io.fulcrum.api.v1.DirectorsGrpc;
import io.fulcrum.api.v1.ExportConfigRequest;
import io.fulcrum.api.v1.GetRealServerRequest;
import io.fulcrum.api.v1.GetRequest;
import io.fulcrum.api.v1.GetRevisionRequest;
import io.fulcrum.api.v1.ListRealServersRequest;
import io.fulcrum.api.v1.ListRequest;
import io.fulcrum.api.v1.ListResponse;
import io.fulcrum.api.v1.PlanRequest;
import io.fulcrum.api.v1.Precondition;
import io.fulcrum.api.v1.PutRealServerRequest;
import io.fulcrum.api.v1.PutRequest;
import io.fulcrum.api.v1.PutResponse;
import io.fulcrum.api.v1.RealServersGrpc;
import io.fulcrum.api.v1.Resource;
import io.fulcrum.api.v1.VirtualServersGrpc;
import io.fulcrum.api.v1.VrrpGroupsGrpc;
import io.fulcrum.controlplane.grpc.GrpcServer;
import io.fulcrum.model.codec.DocumentCodec;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The management API (fulcrum.v1) over TLS on the control plane's real gRPC port: the REST API's
 * resources, validation, errors and roles, on the same service layer (what one API writes the
 * other reads).
 */
@QuarkusTest
class ManagementGrpcIT {
    static final String ADMIN = EmbeddedPostgresResource.ADMIN_TOKEN;
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    @Inject
    GrpcServer grpc;

    private ManagedChannel channel;
    private final LogCapture logged = new LogCapture();

    @BeforeEach
    void connect() throws Exception {
        logged.start();
        Api.deleteAll();
        channel = NettyChannelBuilder.forAddress("localhost", grpc.port())
                .sslContext(GrpcSslContexts.forClient()
                        .trustManager(grpc.tls().certificate().toFile())
                        .build())
                .build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        logged.stop();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------ CRUD, one service layer

    @Test
    void aDirectorWrittenThroughGrpcIsTheOneRestServesAndTheOtherWayRound() {
        long r0 = revision();
        PutResponse created =
                directors(ADMIN).put(put(ResourceCrudIT.DIRECTOR.formatted("lb1", "10.0.0.1", "a"), null, false));
        assertThat(created.getCreated()).isTrue();
        assertThat(created.getResource().getEtag()).isEqualTo("\"1\"");
        JsonNode json = json(created.getResource());
        assertThat(json.path("managementAddress").asText()).isEqualTo("10.0.0.1");
        assertThat(json.path("status").path("connected").asBoolean(true)).isFalse();
        assertThat(json.path("metadata").path("revision").asLong()).isEqualTo(r0 + 1);

        // the same representation and entity tag as REST's
        Resource got =
                directors(ADMIN).get(GetRequest.newBuilder().setName("lb1").build());
        var rest = admin().get("/api/v1/directors/lb1");
        rest.then().statusCode(200).header("ETag", got.getEtag());
        assertThat(json(got)).isEqualTo(tree(rest.asString()));
        // (a write's answer carries its timestamps at the JVM's precision, a read PostgreSQL's, through REST alike)
        assertThat(json(got).path("metadata").path("version").asLong())
                .isEqualTo(json.path("metadata").path("version").asLong())
                .isEqualTo(1);

        // a replace through gRPC under If-Match, then one through REST that gRPC reads
        PutResponse replaced =
                directors(ADMIN).put(put(ResourceCrudIT.DIRECTOR.formatted("lb1", "10.0.0.9", "a"), "\"1\"", false));
        assertThat(replaced.getCreated()).isFalse();
        assertThat(replaced.getResource().getEtag()).isEqualTo("\"2\"");
        admin().header("If-Match", "\"2\"")
                .body(ResourceCrudIT.DIRECTOR.formatted("lb1", "10.0.0.7", "a"))
                .put("/api/v1/directors/lb1")
                .then()
                .statusCode(200)
                .header("ETag", "\"3\"");
        assertThat(json(directors(ADMIN)
                                .get(GetRequest.newBuilder().setName("lb1").build()))
                        .path("managementAddress")
                        .asText())
                .isEqualTo("10.0.0.7");
        admin().get("/api/v1/audit?limit=1")
                .then()
                .body("items[0].actor", equalTo("admin"))
                .body("items[0].kind", equalTo("director"));

        directors(ADMIN)
                .delete(DeleteRequest.newBuilder()
                        .setName("lb1")
                        .setIfMatch("\"3\"")
                        .build());
        admin().get("/api/v1/directors/lb1").then().statusCode(404);
        admin().get("/api/v1/audit?limit=1")
                .then()
                .body("items[0].action", equalTo("delete"))
                .body("items[0].actor", equalTo("admin"));
        assertThat(revision()).isEqualTo(r0 + 4);
    }

    @Test
    void aVrrpGroupIsWrittenAndReadThroughGrpcWithoutItsPasswordEverComingBack() {
        String password = "Zq9!pw8x";
        seedDirectors();
        String group = ResourceCrudIT.GROUP.replace("1111", password);
        PutResponse created = vrrpGroups(ADMIN).put(put(group, null, true));
        assertThat(created.getCreated()).isTrue();
        assertThat(json(created.getResource())
                        .path("authentication")
                        .path("passwordSet")
                        .asBoolean())
                .isTrue();
        Resource got =
                vrrpGroups(ADMIN).get(GetRequest.newBuilder().setName("VI_1").build());
        assertThat(json(got))
                .isEqualTo(tree(admin().get("/api/v1/vrrp-groups/VI_1")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString()));

        // a replace without the password keeps it, as through REST
        PutResponse replaced = vrrpGroups(ADMIN)
                .put(put(
                        group.replace(",\"password\":\"" + password + "\"", "")
                                .replace("\"priority\":150", "\"priority\":160"),
                        got.getEtag(),
                        false));
        assertThat(json(replaced.getResource())
                        .path("authentication")
                        .path("passwordSet")
                        .asBoolean())
                .isTrue();
        assertThat(json(replaced.getResource())
                        .path("members")
                        .path(0)
                        .path("priority")
                        .asInt())
                .isEqualTo(160);

        // a refused write that carries the password does not echo it
        StatusRuntimeException refused = failure(() -> vrrpGroups(ADMIN)
                .put(put(group.replace("VI_1", "VI_T").replace("51", "62").replace("eth0", "bad/if"), null, false)));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);

        String everything = String.join(
                "\n",
                created.toString(),
                replaced.toString(),
                got.toString(),
                vrrpGroups(ADMIN).list(ListRequest.getDefaultInstance()).toString(),
                configuration(ADMIN)
                        .exportConfig(ExportConfigRequest.getDefaultInstance())
                        .toString(),
                refused.toString(),
                String.valueOf(StatusProto.fromThrowable(refused)),
                admin().get("/api/v1/audit?limit=1000").asString());
        assertThat(everything).contains("VI_1").doesNotContain(password);
        assertThat(logged.text()).doesNotContain(password).doesNotContain(ADMIN);

        vrrpGroups(ADMIN).delete(DeleteRequest.newBuilder().setName("VI_1").build());
        admin().get("/api/v1/vrrp-groups/VI_1").then().statusCode(404);
    }

    @Test
    void aVirtualServerAndItsRealServersAreManagedThroughGrpcAndSeenThroughRest() {
        seedDirectors();
        admin().body(ResourceCrudIT.GROUP).post("/api/v1/vrrp-groups").then().statusCode(201);
        PutResponse created = virtualServers(ADMIN).put(put(ResourceCrudIT.VS, null, true));
        assertThat(created.getCreated()).isTrue();
        Resource got =
                virtualServers(ADMIN).get(GetRequest.newBuilder().setName("web").build());
        var rest = admin().get("/api/v1/virtual-servers/web");
        rest.then().statusCode(200).header("ETag", got.getEtag());
        assertThat(json(got)).isEqualTo(tree(rest.asString()));
        assertThat(names(json(got).path("realServers"))).containsExactly("rs1", "rs2");

        // one by one
        PutResponse rs3 = realServers(ADMIN)
                .put(PutRealServerRequest.newBuilder()
                        .setVirtualServer("web")
                        .setJson("{\"name\":\"rs3\",\"address\":\"192.168.10.13\",\"weight\":5}")
                        .build());
        assertThat(rs3.getCreated()).isTrue();
        assertThat(rs3.getResource().getEtag()).isEqualTo("\"1\"");
        admin().get("/api/v1/virtual-servers/web/real-servers/rs3")
                .then()
                .statusCode(200)
                .header("ETag", "\"1\"")
                .body("weight", equalTo(5));
        PutResponse drained = realServers(ADMIN)
                .put(PutRealServerRequest.newBuilder()
                        .setVirtualServer("web")
                        .setJson(
                                "{\"name\":\"rs1\",\"address\":\"192.168.10.11\",\"weight\":1,\"adminState\":\"draining\"}")
                        .setPrecondition(Precondition.newBuilder().setIfMatch("\"1\""))
                        .build());
        assertThat(drained.getCreated()).isFalse();
        assertThat(json(drained.getResource()).path("adminState").asText()).isEqualTo("draining");
        Resource rs1 = realServers(ADMIN)
                .get(GetRealServerRequest.newBuilder()
                        .setVirtualServer("web")
                        .setName("rs1")
                        .build());
        assertThat(json(rs1))
                .isEqualTo(tree(admin().get("/api/v1/virtual-servers/web/real-servers/rs1")
                        .asString()));
        ListResponse reals = realServers(ADMIN)
                .list(ListRealServersRequest.newBuilder()
                        .setVirtualServer("web")
                        .build());
        assertThat(reals.getItemsList())
                .extracting(r -> json(r).path("name").asText())
                .containsExactly("rs1", "rs2", "rs3");
        // a real server's change moves its virtual server's entity tag: the old one no longer matches
        assertThat(failure(() -> virtualServers(ADMIN).put(put(ResourceCrudIT.VS, got.getEtag(), false)))
                        .getStatus()
                        .getCode())
                .isEqualTo(Status.Code.FAILED_PRECONDITION);
        realServers(ADMIN)
                .delete(DeleteRealServerRequest.newBuilder()
                        .setVirtualServer("web")
                        .setName("rs3")
                        .build());
        admin().get("/api/v1/virtual-servers/web/real-servers/rs3").then().statusCode(404);

        // a put without realServers keeps them, with them replaces the set (REST's rule)
        String noReals = ResourceCrudIT.VS.substring(0, ResourceCrudIT.VS.indexOf(",\n \"realServers\"")) + "}";
        PutResponse kept = virtualServers(ADMIN).put(put(noReals.replace("\"wrr\"", "\"wlc\""), null, false));
        assertThat(json(kept.getResource()).path("scheduler").asText()).isEqualTo("wlc");
        assertThat(names(json(kept.getResource()).path("realServers"))).containsExactly("rs1", "rs2");
        PutResponse replaced = virtualServers(ADMIN)
                .put(put(
                        ResourceCrudIT.VS.replace(",{\"name\":\"rs2\",\"address\":\"192.168.10.12\",\"weight\":2}", ""),
                        kept.getResource().getEtag(),
                        false));
        assertThat(names(json(replaced.getResource()).path("realServers"))).containsExactly("rs1");
        admin().get("/api/v1/virtual-servers/web")
                .then()
                .body("scheduler", equalTo("wrr"))
                .body("realServers.name", equalTo(List.of("rs1")));

        virtualServers(ADMIN)
                .delete(DeleteRequest.newBuilder()
                        .setName("web")
                        .setIfMatch(replaced.getResource().getEtag())
                        .build());
        admin().get("/api/v1/virtual-servers/web").then().statusCode(404);
    }

    @Test
    void theRevisionAndTheConfigurationDocumentAreRestsOwn() {
        ResourceCrudIT.seed();
        assertThat(configuration(ADMIN)
                        .getRevision(GetRevisionRequest.getDefaultInstance())
                        .getRevision())
                .isEqualTo(revision());
        String exported = configuration(ADMIN)
                .exportConfig(ExportConfigRequest.getDefaultInstance())
                .getJson();
        assertThat(tree(exported))
                .isEqualTo(tree(admin().get("/api/v1/config")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString()));
        assertThat(exported).doesNotContain("1111");
    }

    @Test
    void aDocumentIsPlannedAndAppliedThroughGrpcAsThroughRest() {
        String viewer = token("grpc-apply-viewer", "viewer"); // (a token's write is a revision too)
        long r0 = revision();
        PlanRequest doc =
                PlanRequest.newBuilder().setJson(ConfigApplyIT.DOCUMENT).build();
        JsonNode plan = tree(configuration(ADMIN).plan(doc).getJson());
        assertThat(plan.path("basedOnRevision").asLong()).isEqualTo(r0);
        assertThat(plan.at("/counts/create").asInt()).isEqualTo(9);
        assertThat(plan)
                .isEqualTo(tree(ConfigApplyIT.plan(ConfigApplyIT.DOCUMENT, "")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString()));
        assertThat(revision()).isEqualTo(r0);

        // a viewer plans but does not apply
        assertThat(configuration(viewer).plan(doc).getJson()).isNotEmpty();
        assertThat(code(() -> configuration(viewer)
                        .apply(ApplyRequest.newBuilder().setDocument(doc).build())))
                .isEqualTo(Status.Code.PERMISSION_DENIED);

        // If-Match of another revision: nothing is written
        StatusRuntimeException stale = failure(() -> configuration(ADMIN)
                .apply(ApplyRequest.newBuilder()
                        .setDocument(doc)
                        .setIfMatch("\"" + (r0 + 5) + "\"")
                        .build()));
        assertThat(stale.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(revision()).isEqualTo(r0);

        JsonNode applied = tree(configuration(ADMIN)
                .apply(ApplyRequest.newBuilder()
                        .setDocument(doc)
                        .setIfMatch(Long.toString(r0))
                        .build())
                .getJson());
        assertThat(applied.path("revision").asLong()).isEqualTo(revision()).isGreaterThan(r0);
        admin().get("/api/v1/virtual-servers/api").then().statusCode(200);
        String id = applied.path("apply").asText();
        admin().get("/api/v1/audit?apply=" + id).then().statusCode(200).body("items[0].apply", equalTo(id));

        // the same document again writes nothing; a refused one names its errors as REST does
        long r1 = revision();
        JsonNode again = tree(configuration(ADMIN)
                .apply(ApplyRequest.newBuilder().setDocument(doc).build())
                .getJson());
        assertThat(again.path("revision").asLong()).isEqualTo(r1);
        assertThat(revision()).isEqualTo(r1);
        StatusRuntimeException refused = failure(() -> configuration(ADMIN)
                .apply(ApplyRequest.newBuilder()
                        .setDocument(PlanRequest.newBuilder()
                                .setJson(ConfigApplyIT.DOCUMENT.replace(
                                        "\"vrrpGroup\":\"VI_1\"", "\"vrrpGroup\":\"VI_9\"")))
                        .build()));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(badFields(refused)).containsKey("/virtualServers/0/vrrpGroup");
        assertThat(revision()).isEqualTo(r1);
    }

    // ------------------------------------------------------------------ errors

    @Test
    void aBadVirtualServerIsRefusedNamingEveryBadFieldAsRestDoesAndNothingIsWritten() {
        String bad =
                "{\"name\":\"w2\",\"address\":\"10.0.0.300\",\"port\":-1,\"protocol\":\"icmp\",\"quorum\":0,\"colour\":\"red\"}";
        long before = revision();
        StatusRuntimeException e = failure(() -> virtualServers(ADMIN).put(put(bad, null, false)));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        Map<String, String> fields = badFields(e);
        assertThat(fields).containsOnlyKeys("/address", "/port", "/protocol", "/quorum", "/colour");
        // the very fields and messages of REST's problem+json
        var problem = admin().body(bad)
                .put("/api/v1/virtual-servers/w2")
                .then()
                .statusCode(400)
                .extract()
                .jsonPath();
        Map<String, String> rest = new LinkedHashMap<>();
        for (Map<String, String> err : problem.<Map<String, String>>getList("errors"))
            rest.put(err.get("field"), err.get("message"));
        assertThat(fields).isEqualTo(rest);
        assertThat(errorInfo(e).getReason()).isEqualTo("INVALID_REQUEST");
        assertThat(errorInfo(e).getMetadataMap()).containsEntry("httpStatus", "400");
        assertThat(revision()).isEqualTo(before);
        admin().get("/api/v1/virtual-servers/w2").then().statusCode(404);

        // a body that is not JSON, and none at all
        assertThat(badFields(failure(() -> virtualServers(ADMIN).put(put("{\"name\": w3", null, false)))))
                .containsOnlyKeys("");
        assertThat(badFields(failure(() -> directors(ADMIN).put(PutRequest.getDefaultInstance()))))
                .containsOnlyKeys("");
        assertThat(revision()).isEqualTo(before);
    }

    @Test
    void whatDoesNotExistIsNotFound() {
        assertThat(code(() -> directors(ADMIN)
                        .get(GetRequest.newBuilder().setName("nope").build())))
                .isEqualTo(Status.Code.NOT_FOUND);
        assertThat(code(() -> vrrpGroups(ADMIN)
                        .delete(DeleteRequest.newBuilder().setName("nope").build())))
                .isEqualTo(Status.Code.NOT_FOUND);
        assertThat(code(() -> virtualServers(ADMIN)
                        .get(GetRequest.newBuilder().setName("nope").build())))
                .isEqualTo(Status.Code.NOT_FOUND);
        StatusRuntimeException e = failure(() -> realServers(ADMIN)
                .put(PutRealServerRequest.newBuilder()
                        .setVirtualServer("nope")
                        .setJson("{\"name\":\"x\",\"address\":\"10.0.0.1\"}")
                        .build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(e.getStatus().getDescription()).isEqualTo("virtual server 'nope' does not exist");
        assertThat(errorInfo(e).getMetadataMap()).containsEntry("httpStatus", "404");
    }

    @Test
    void aWriteWhosePreconditionFailsChangesNothing() {
        directors(ADMIN).put(put(ResourceCrudIT.DIRECTOR.formatted("lb9", "10.0.0.9", "a"), null, false));
        long before = revision();
        StatusRuntimeException stale = failure(() ->
                directors(ADMIN).put(put(ResourceCrudIT.DIRECTOR.formatted("lb9", "10.0.0.8", "a"), "\"7\"", false)));
        assertThat(stale.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(errorInfo(stale).getReason()).isEqualTo("PRECONDITION_FAILED");
        assertThat(code(() -> directors(ADMIN)
                        .put(put(ResourceCrudIT.DIRECTOR.formatted("lb9", "10.0.0.8", "a"), null, true))))
                .isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(code(() -> directors(ADMIN)
                        .delete(DeleteRequest.newBuilder()
                                .setName("lb9")
                                .setIfMatch("\"7\"")
                                .build())))
                .isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(revision()).isEqualTo(before);
        admin().get("/api/v1/directors/lb9").then().body("managementAddress", equalTo("10.0.0.9"));
    }

    @Test
    void aTakenIdentityIsAlreadyExistsAndAResourceStillInUseIsAborted() {
        ResourceCrudIT.seed();
        long before = revision();
        StatusRuntimeException taken = failure(
                () -> virtualServers(ADMIN).put(put(BadInputIT.GOOD_VS.replace("\"web\"", "\"web2\""), null, false)));
        assertThat(taken.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(badFields(taken)).containsOnlyKeys("/address");
        StatusRuntimeException inUse = failure(() -> directors(ADMIN)
                .delete(DeleteRequest.newBuilder().setName("lb1").build()));
        assertThat(inUse.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
        assertThat(badFields(inUse)).containsOnlyKeys("name");
        assertThat(badFields(inUse).get("name")).contains("VI_1");
        assertThat(errorInfo(inUse).getMetadataMap()).containsEntry("httpStatus", "409");
        assertThat(revision()).isEqualTo(before);
    }

    // ------------------------------------------------------------------ authentication and roles

    @Test
    void withoutAValidBearerTokenEveryCallIsUnauthenticated() {
        assertThat(code(() -> configuration(null).getRevision(GetRevisionRequest.getDefaultInstance())))
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        StatusRuntimeException wrong =
                failure(() -> directors("fulcrum_not-a-real-token").list(ListRequest.getDefaultInstance()));
        assertThat(wrong.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(wrong.getStatus().getDescription()).contains("not valid").doesNotContain("fulcrum_not-a-real-token");
        long before = revision();
        Metadata basic = new Metadata();
        basic.put(AUTHORIZATION, "Basic YWRtaW46YWRtaW4=");
        assertThat(code(() -> DirectorsGrpc.newBlockingStub(channel)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(basic))
                        .put(put(ResourceCrudIT.DIRECTOR.formatted("lb1", "10.0.0.1", "a"), null, false))))
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(revision()).isEqualTo(before);
    }

    @Test
    void aViewerReadsButCannotWriteAndAnOperatorWritesAsItself() {
        ResourceCrudIT.seed();
        String viewer = token("grpc-viewer", "viewer");
        assertThat(json(virtualServers(viewer)
                                .get(GetRequest.newBuilder().setName("web").build()))
                        .path("name")
                        .asText())
                .isEqualTo("web");
        assertThat(directors(viewer).list(ListRequest.getDefaultInstance()).getItemsCount())
                .isEqualTo(2);
        assertThat(configuration(viewer)
                        .exportConfig(ExportConfigRequest.getDefaultInstance())
                        .getJson())
                .contains("web");
        long before = revision();
        StatusRuntimeException denied = failure(
                () -> directors(viewer).put(put("{\"name\":\"lb8\",\"managementAddress\":\"10.0.0.8\"}", null, false)));
        assertThat(denied.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(denied.getStatus().getDescription()).contains("viewer").doesNotContain(viewer);
        assertThat(code(() -> virtualServers(viewer)
                        .delete(DeleteRequest.newBuilder().setName("web").build())))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(code(() -> realServers(viewer)
                        .delete(DeleteRealServerRequest.newBuilder()
                                .setVirtualServer("web")
                                .setName("rs1")
                                .build())))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(revision()).isEqualTo(before);

        String operator = token("grpc-operator", "operator");
        directors(operator).put(put("{\"name\":\"lb8\",\"managementAddress\":\"10.0.0.8\"}", null, true));
        admin().get("/api/v1/audit?limit=1")
                .then()
                .body("items[0].actor", equalTo("grpc-operator"))
                .body("items[0].resource", equalTo("lb8"));
    }

    // ------------------------------------------------------------------ lists

    @Test
    void listsPageByPageAndFilterByLabelAsRestDoes() {
        for (int i = 0; i < 5; i++) {
            directors(ADMIN)
                    .put(put(
                            ResourceCrudIT.DIRECTOR.formatted("d" + i, "10.1.0." + i, i % 2 == 0 ? "even" : "odd"),
                            null,
                            true));
        }
        ListResponse p1 =
                directors(ADMIN).list(ListRequest.newBuilder().setLimit(2).build());
        assertThat(names(p1)).containsExactly("d0", "d1");
        assertThat(p1.getNextPageToken()).isNotEmpty();
        ListResponse p2 = directors(ADMIN)
                .list(ListRequest.newBuilder()
                        .setLimit(2)
                        .setPageToken(p1.getNextPageToken())
                        .build());
        assertThat(names(p2)).containsExactly("d2", "d3");
        // the tokens are REST's
        admin().get("/api/v1/directors?limit=2&pageToken=" + p1.getNextPageToken())
                .then()
                .body("items.name", equalTo(List.of("d2", "d3")));
        assertThat(names(directors(ADMIN)
                        .list(ListRequest.newBuilder()
                                .setLimit(2)
                                .setPageToken(p2.getNextPageToken())
                                .build())))
                .containsExactly("d4");

        ListResponse even = directors(ADMIN)
                .list(ListRequest.newBuilder().addLabel("site=even").build());
        assertThat(names(even)).containsExactly("d0", "d2", "d4");
        assertThat(even.getNextPageToken()).isEmpty();
        assertThat(even.getItems(0).getEtag()).isEqualTo("\"1\"");
        assertThat(json(even.getItems(0)))
                .isEqualTo(tree(admin().get("/api/v1/directors/d0").asString()));
        assertThat(directors(ADMIN)
                        .list(ListRequest.newBuilder()
                                .addLabel("site=even")
                                .addLabel("site=odd")
                                .build())
                        .getItemsCount())
                .isZero();

        assertThat(badFields(failure(() -> directors(ADMIN)
                        .list(ListRequest.newBuilder().setLimit(0).build()))))
                .containsOnlyKeys("limit");
        assertThat(badFields(failure(() -> directors(ADMIN)
                        .list(ListRequest.newBuilder().addLabel("site").build()))))
                .containsOnlyKeys("label");
        assertThat(badFields(failure(() -> directors(ADMIN)
                        .list(ListRequest.newBuilder().setPageToken("!!").build()))))
                .containsOnlyKeys("pageToken");
    }

    // ------------------------------------------------------------------ helpers

    private <S extends AbstractStub<S>> S as(S stub, String token) {
        Metadata m = new Metadata();
        if (token != null) m.put(AUTHORIZATION, "Bearer " + token);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m))
                .withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private DirectorsGrpc.DirectorsBlockingStub directors(String token) {
        return as(DirectorsGrpc.newBlockingStub(channel), token);
    }

    private VrrpGroupsGrpc.VrrpGroupsBlockingStub vrrpGroups(String token) {
        return as(VrrpGroupsGrpc.newBlockingStub(channel), token);
    }

    private VirtualServersGrpc.VirtualServersBlockingStub virtualServers(String token) {
        return as(VirtualServersGrpc.newBlockingStub(channel), token);
    }

    private RealServersGrpc.RealServersBlockingStub realServers(String token) {
        return as(RealServersGrpc.newBlockingStub(channel), token);
    }

    private ConfigurationGrpc.ConfigurationBlockingStub configuration(String token) {
        return as(ConfigurationGrpc.newBlockingStub(channel), token);
    }

    private static PutRequest put(String json, String ifMatch, boolean ifNoneMatch) {
        Precondition.Builder p = Precondition.newBuilder().setIfNoneMatch(ifNoneMatch);
        if (ifMatch != null) p.setIfMatch(ifMatch);
        return PutRequest.newBuilder().setJson(json).setPrecondition(p).build();
    }

    private static void seedDirectors() {
        admin().body(ResourceCrudIT.DIRECTOR.formatted("lb1", "10.0.0.1", "a"))
                .post("/api/v1/directors")
                .then()
                .statusCode(201);
        admin().body(ResourceCrudIT.DIRECTOR.formatted("lb2", "10.0.0.2", "b"))
                .post("/api/v1/directors")
                .then()
                .statusCode(201);
    }

    /** A new token's secret, created through REST as the REST tests do. */
    private static String token(String name, String role) {
        admin().delete("/api/v1/tokens/" + name);
        return admin().body("{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}")
                .post("/api/v1/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
    }

    private static JsonNode json(Resource r) {
        return tree(r.getJson());
    }

    private static JsonNode tree(String json) {
        try {
            return DocumentCodec.JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        for (JsonNode n : array) names.add(n.path("name").asText());
        return names;
    }

    private static List<String> names(ListResponse page) {
        return page.getItemsList().stream()
                .map(r -> json(r).path("name").asText())
                .toList();
    }

    private static StatusRuntimeException failure(ThrowingCallable call) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call);
        assertThat(e).as("the call fails with a status").isNotNull();
        return e;
    }

    private static Status.Code code(ThrowingCallable call) {
        return failure(call).getStatus().getCode();
    }

    /** The BadRequest detail: field -> description. */
    private static Map<String, String> badFields(StatusRuntimeException e) {
        Map<String, String> fields = new LinkedHashMap<>();
        BadRequest bad = detail(e, BadRequest.class);
        assertThat(bad).as("a BadRequest detail in " + e).isNotNull();
        for (BadRequest.FieldViolation v : bad.getFieldViolationsList()) fields.put(v.getField(), v.getDescription());
        return fields;
    }

    private static ErrorInfo errorInfo(StatusRuntimeException e) {
        ErrorInfo info = detail(e, ErrorInfo.class);
        assertThat(info).as("an ErrorInfo detail in " + e).isNotNull();
        assertThat(info.getDomain()).isEqualTo("fulcrum.v1");
        return info;
    }

    private static <T extends Message> T detail(StatusRuntimeException e, Class<T> type) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        assertThat(status).as("rich status details in " + e).isNotNull();
        assertThat(status.getCode()).isEqualTo(e.getStatus().getCode().value());
        try {
            for (Any any : status.getDetailsList()) if (any.is(type)) return any.unpack(type);
        } catch (InvalidProtocolBufferException x) {
            throw new AssertionError(x);
        }
        return null;
    }
}
