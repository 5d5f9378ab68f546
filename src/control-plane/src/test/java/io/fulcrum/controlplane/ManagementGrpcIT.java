package io.fulcrum.controlplane;

import static io.fulcrum.controlplane.Api.admin;
import static io.fulcrum.controlplane.Api.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Any;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.FieldMask;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.fulcrum.api.v1.AdminState;
import io.fulcrum.api.v1.ApplyConfigRequest;
import io.fulcrum.api.v1.ConfigDocument;
import io.fulcrum.api.v1.ConfigurationGrpc;
import io.fulcrum.api.v1.CreateDirectorRequest;
import io.fulcrum.api.v1.CreateRealServerRequest;
import io.fulcrum.api.v1.CreateTokenRequest;
import io.fulcrum.api.v1.CreateVirtualServerRequest;
import io.fulcrum.api.v1.CreateVrrpGroupRequest;
import io.fulcrum.api.v1.DeleteDirectorRequest;
import io.fulcrum.api.v1.DeleteRealServerRequest;
import io.fulcrum.api.v1.DeleteTokenRequest;
import io.fulcrum.api.v1.DeleteVirtualServerRequest;
import io.fulcrum.api.v1.DeleteVrrpGroupRequest;
import io.fulcrum.api.v1.Director;
import io.fulcrum.api.v1.DirectorsGrpc;
import io.fulcrum.api.v1.ExportConfigRequest;
import io.fulcrum.api.v1.GetCallerRequest;
import io.fulcrum.api.v1.GetDirectorRequest;
import io.fulcrum.api.v1.GetDirectorStatusRequest;
import io.fulcrum.api.v1.GetFleetStatusRequest;
import io.fulcrum.api.v1.GetRealServerRequest;
import io.fulcrum.api.v1.GetRevisionRequest;
import io.fulcrum.api.v1.GetVirtualServerRequest;
import io.fulcrum.api.v1.GetVirtualServerStatusRequest;
import io.fulcrum.api.v1.GetVrrpGroupRequest;
import io.fulcrum.api.v1.GetVrrpGroupStatusRequest;
import io.fulcrum.api.v1.ListAuditRecordsRequest;
import io.fulcrum.api.v1.ListDirectorsRequest;
import io.fulcrum.api.v1.ListDirectorsResponse;
import io.fulcrum.api.v1.ListRealServersRequest;
import io.fulcrum.api.v1.ListTokensRequest;
import io.fulcrum.api.v1.ListVrrpGroupsRequest;
import io.fulcrum.api.v1.Plan;
import io.fulcrum.api.v1.PlanConfigRequest;
import io.fulcrum.api.v1.Problem;
import io.fulcrum.api.v1.Protocol;
import io.fulcrum.api.v1.RealServer;
import io.fulcrum.api.v1.RealServersGrpc;
import io.fulcrum.api.v1.ResourceKind;
import io.fulcrum.api.v1.Role;
import io.fulcrum.api.v1.Scheduler;
import io.fulcrum.api.v1.Token;
import io.fulcrum.api.v1.TokensGrpc;
import io.fulcrum.api.v1.UpdateDirectorRequest;
import io.fulcrum.api.v1.UpdateRealServerRequest;
import io.fulcrum.api.v1.UpdateVirtualServerRequest;
import io.fulcrum.api.v1.UpdateVrrpGroupRequest;
import io.fulcrum.api.v1.VirtualServer;
import io.fulcrum.api.v1.VirtualServersGrpc;
import io.fulcrum.api.v1.VrrpGroup;
import io.fulcrum.api.v1.VrrpGroupsGrpc;
import io.fulcrum.controlplane.grpc.GrpcServer;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.wire.api.RestJson;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The typed management API (fulcrum.v1) over TLS on the control plane's real gRPC port: the REST API's
 * resources, validation, errors and roles, on the same service layer (what one API writes the other
 * reads), each message the very REST representation (RestJson). Test fixtures are REST JSON read into
 * messages, so both APIs are fed the same resources.
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
        Director created = directors(ADMIN)
                .createDirector(CreateDirectorRequest.newBuilder()
                        .setDirector(director("lb1", "10.0.0.1", "a"))
                        .build());
        assertThat(created.getEtag()).isEqualTo("\"1\"");
        assertThat(created.getManagementAddress()).isEqualTo("10.0.0.1");
        assertThat(created.getStatus().getConnected()).isFalse();
        assertThat(created.getMetadata().getRevision()).isEqualTo(r0 + 1);

        // the same representation and entity tag as REST's
        Director got = directors(ADMIN).getDirector(get("directors/lb1"));
        var rest = admin().get("/api/v1/directors/lb1");
        rest.then().statusCode(200).header("ETag", got.getEtag());
        assertThat(rest(got)).isEqualTo(tree(rest.asString()));
        assertThat(got.getMetadata().getVersion())
                .isEqualTo(created.getMetadata().getVersion())
                .isEqualTo(1);

        // a replace through gRPC under its etag, then one through REST that gRPC reads
        Director replaced = directors(ADMIN)
                .updateDirector(UpdateDirectorRequest.newBuilder()
                        .setDirector(
                                director("lb1", "10.0.0.9", "a").toBuilder().setEtag("\"1\""))
                        .build());
        assertThat(replaced.getEtag()).isEqualTo("\"2\"");
        admin().header("If-Match", "\"2\"")
                .body(ResourceCrudIT.DIRECTOR.formatted("lb1", "10.0.0.7", "a"))
                .put("/api/v1/directors/lb1")
                .then()
                .statusCode(200)
                .header("ETag", "\"3\"");
        assertThat(directors(ADMIN).getDirector(get("directors/lb1")).getManagementAddress())
                .isEqualTo("10.0.0.7");
        admin().get("/api/v1/audit?limit=1")
                .then()
                .body("items[0].actor", equalTo("admin"))
                .body("items[0].kind", equalTo("director"));
        // the audit trail through gRPC is REST's
        var audit = configuration(ADMIN)
                .listAuditRecords(ListAuditRecordsRequest.newBuilder()
                        .setPageSize(1)
                        .setKind(ResourceKind.RESOURCE_KIND_DIRECTOR)
                        .build());
        assertThat(audit.getAuditRecords(0).getActor()).isEqualTo("admin");
        assertThat(rest(audit.getAuditRecords(0)))
                .isEqualTo(
                        tree(admin().get("/api/v1/audit?limit=1&kind=director").asString())
                                .path("items")
                                .path(0));

        directors(ADMIN)
                .deleteDirector(DeleteDirectorRequest.newBuilder()
                        .setName("directors/lb1")
                        .setEtag("\"3\"")
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
        VrrpGroup group = message(ResourceCrudIT.GROUP.replace("1111", password), VrrpGroup.newBuilder());
        VrrpGroup created = vrrpGroups(ADMIN)
                .createVrrpGroup(
                        CreateVrrpGroupRequest.newBuilder().setVrrpGroup(group).build());
        assertThat(created.getAuthentication().getPasswordSet()).isTrue();
        assertThat(created.getAuthentication().hasPassword()).isFalse();
        VrrpGroup got = vrrpGroups(ADMIN)
                .getVrrpGroup(GetVrrpGroupRequest.newBuilder()
                        .setName("vrrpGroups/VI_1")
                        .build());
        assertThat(rest(got))
                .isEqualTo(tree(admin().get("/api/v1/vrrp-groups/VI_1")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString()));

        // a replace without the password keeps it, as through REST
        VrrpGroup.Builder change = group.toBuilder().setEtag(got.getEtag());
        change.getAuthenticationBuilder().clearPassword();
        change.getMembersBuilder(0).setPriority(160);
        VrrpGroup replaced = vrrpGroups(ADMIN)
                .updateVrrpGroup(
                        UpdateVrrpGroupRequest.newBuilder().setVrrpGroup(change).build());
        assertThat(replaced.getAuthentication().getPasswordSet()).isTrue();
        assertThat(replaced.getMembers(0).getPriority()).isEqualTo(160);

        // a refused write that carries the password does not echo it
        StatusRuntimeException refused = failure(() -> vrrpGroups(ADMIN)
                .createVrrpGroup(CreateVrrpGroupRequest.newBuilder()
                        .setVrrpGroup(
                                group.toBuilder().setName("VI_T").setVrid(62).setInterface("bad/if"))
                        .build()));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(badFields(refused)).containsKey("/interface");

        String everything = String.join(
                "\n",
                created.toString(),
                replaced.toString(),
                got.toString(),
                vrrpGroups(ADMIN)
                        .listVrrpGroups(ListVrrpGroupsRequest.getDefaultInstance())
                        .toString(),
                configuration(ADMIN)
                        .exportConfig(ExportConfigRequest.getDefaultInstance())
                        .toString(),
                refused.toString(),
                String.valueOf(StatusProto.fromThrowable(refused)),
                admin().get("/api/v1/audit?limit=1000").asString());
        assertThat(everything).contains("VI_1").doesNotContain(password);
        assertThat(logged.text()).doesNotContain(password).doesNotContain(ADMIN);

        vrrpGroups(ADMIN)
                .deleteVrrpGroup(DeleteVrrpGroupRequest.newBuilder()
                        .setName("vrrpGroups/VI_1")
                        .build());
        admin().get("/api/v1/vrrp-groups/VI_1").then().statusCode(404);
    }

    @Test
    void aVirtualServerAndItsRealServersAreManagedThroughGrpcAndSeenThroughRest() {
        seedDirectors();
        admin().body(ResourceCrudIT.GROUP).post("/api/v1/vrrp-groups").then().statusCode(201);
        VirtualServer vs = message(ResourceCrudIT.VS, VirtualServer.newBuilder());
        virtualServers(ADMIN)
                .createVirtualServer(CreateVirtualServerRequest.newBuilder()
                        .setVirtualServer(vs)
                        .build());
        VirtualServer got = virtualServers(ADMIN).getVirtualServer(getVs("web"));
        var rest = admin().get("/api/v1/virtual-servers/web");
        rest.then().statusCode(200).header("ETag", got.getEtag());
        assertThat(rest(got)).isEqualTo(tree(rest.asString()));
        assertThat(got.getScheduler()).isEqualTo(Scheduler.SCHEDULER_WRR);
        assertThat(got.getRealServersList()).extracting(RealServer::getName).containsExactly("rs1", "rs2");

        // one by one
        RealServer rs3 = realServers(ADMIN)
                .createRealServer(CreateRealServerRequest.newBuilder()
                        .setParent("virtualServers/web")
                        .setRealServer(RealServer.newBuilder()
                                .setName("rs3")
                                .setAddress("192.168.10.13")
                                .setWeight(5))
                        .build());
        assertThat(rs3.getEtag()).isEqualTo("\"1\"");
        admin().get("/api/v1/virtual-servers/web/real-servers/rs3")
                .then()
                .statusCode(200)
                .header("ETag", "\"1\"")
                .body("weight", equalTo(5));
        RealServer drained = realServers(ADMIN)
                .updateRealServer(UpdateRealServerRequest.newBuilder()
                        .setParent("virtualServers/web")
                        .setRealServer(RealServer.newBuilder()
                                .setName("rs1")
                                .setAddress("192.168.10.11")
                                .setWeight(1)
                                .setAdminState(AdminState.ADMIN_STATE_DRAINING)
                                .setEtag("\"1\""))
                        .build());
        assertThat(drained.getAdminState()).isEqualTo(AdminState.ADMIN_STATE_DRAINING);
        RealServer rs1 = realServers(ADMIN)
                .getRealServer(GetRealServerRequest.newBuilder()
                        .setName("virtualServers/web/realServers/rs1")
                        .build());
        assertThat(rest(rs1))
                .isEqualTo(tree(admin().get("/api/v1/virtual-servers/web/real-servers/rs1")
                        .asString()));
        assertThat(realServers(ADMIN)
                        .listRealServers(ListRealServersRequest.newBuilder()
                                .setParent("virtualServers/web")
                                .build())
                        .getRealServersList())
                .extracting(RealServer::getName)
                .containsExactly("rs1", "rs2", "rs3");
        // a real server's change moves its virtual server's entity tag: the old one no longer matches
        assertThat(code(() -> virtualServers(ADMIN)
                        .updateVirtualServer(UpdateVirtualServerRequest.newBuilder()
                                .setVirtualServer(vs.toBuilder().setEtag(got.getEtag()))
                                .build())))
                .isEqualTo(Status.Code.FAILED_PRECONDITION);
        realServers(ADMIN)
                .deleteRealServer(DeleteRealServerRequest.newBuilder()
                        .setName("virtualServers/web/realServers/rs3")
                        .build());
        admin().get("/api/v1/virtual-servers/web/real-servers/rs3").then().statusCode(404);

        // an update without real servers keeps them, with them replaces the set (REST's rule)
        VirtualServer kept = virtualServers(ADMIN)
                .updateVirtualServer(UpdateVirtualServerRequest.newBuilder()
                        .setVirtualServer(vs.toBuilder().clearRealServers().setScheduler(Scheduler.SCHEDULER_WLC))
                        .build());
        assertThat(kept.getScheduler()).isEqualTo(Scheduler.SCHEDULER_WLC);
        assertThat(kept.getRealServersList()).extracting(RealServer::getName).containsExactly("rs1", "rs2");
        VirtualServer replaced = virtualServers(ADMIN)
                .updateVirtualServer(UpdateVirtualServerRequest.newBuilder()
                        .setVirtualServer(vs.toBuilder().removeRealServers(1).setEtag(kept.getEtag()))
                        .build());
        assertThat(replaced.getRealServersList())
                .extracting(RealServer::getName)
                .containsExactly("rs1");
        admin().get("/api/v1/virtual-servers/web")
                .then()
                .body("scheduler", equalTo("wrr"))
                .body("realServers.name", equalTo(List.of("rs1")));

        virtualServers(ADMIN)
                .deleteVirtualServer(DeleteVirtualServerRequest.newBuilder()
                        .setName("virtualServers/web")
                        .setEtag(replaced.getEtag())
                        .build());
        admin().get("/api/v1/virtual-servers/web").then().statusCode(404);
    }

    @Test
    void anUpdateMaskChangesOnlyTheFieldsItNames() {
        ResourceCrudIT.seed();
        VirtualServer before = virtualServers(ADMIN).getVirtualServer(getVs("web"));
        long r0 = revision();
        // only the scheduler and the health check's fall: the rest (its port, its real servers) stays
        VirtualServer.Builder change =
                VirtualServer.newBuilder().setName("web").setPort(9999).setScheduler(Scheduler.SCHEDULER_SH);
        change.getHealthCheckBuilder().setFall(4);
        VirtualServer after = virtualServers(ADMIN)
                .updateVirtualServer(UpdateVirtualServerRequest.newBuilder()
                        .setVirtualServer(change)
                        .setUpdateMask(
                                FieldMask.newBuilder().addPaths("scheduler").addPaths("health_check.fall"))
                        .build());
        assertThat(after.getScheduler()).isEqualTo(Scheduler.SCHEDULER_SH);
        assertThat(after.getPort()).isEqualTo(before.getPort());
        assertThat(after.getHealthCheck().getFall()).isEqualTo(4);
        assertThat(after.getHealthCheck().getIntervalSeconds())
                .isEqualTo(before.getHealthCheck().getIntervalSeconds());
        assertThat(after.getRealServersList())
                .extracting(RealServer::getName)
                .isEqualTo(before.getRealServersList().stream()
                        .map(RealServer::getName)
                        .toList());
        assertThat(revision()).isEqualTo(r0 + 1);
        admin().get("/api/v1/virtual-servers/web").then().body("scheduler", equalTo("sh"));

        // a mask naming real_servers replaces the set, here with none
        VirtualServer none = virtualServers(ADMIN)
                .updateVirtualServer(UpdateVirtualServerRequest.newBuilder()
                        .setVirtualServer(VirtualServer.newBuilder().setName("web"))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("real_servers"))
                        .build());
        assertThat(none.getRealServersList()).isEmpty();
        assertThat(none.getScheduler()).isEqualTo(Scheduler.SCHEDULER_SH);

        // a mask with a path the message does not have changes nothing
        long r1 = revision();
        StatusRuntimeException bad = failure(() -> virtualServers(ADMIN)
                .updateVirtualServer(UpdateVirtualServerRequest.newBuilder()
                        .setVirtualServer(VirtualServer.newBuilder().setName("web"))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("colour"))
                        .build()));
        assertThat(bad.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(badFields(bad)).containsOnlyKeys("update_mask");
        // a masked update under a stale etag is FAILED_PRECONDITION
        assertThat(code(() -> directors(ADMIN)
                        .updateDirector(UpdateDirectorRequest.newBuilder()
                                .setDirector(Director.newBuilder()
                                        .setName("lb1")
                                        .setDescription("x")
                                        .setEtag("\"99\""))
                                .setUpdateMask(FieldMask.newBuilder().addPaths("description"))
                                .build())))
                .isEqualTo(Status.Code.FAILED_PRECONDITION);
        Director described = directors(ADMIN)
                .updateDirector(UpdateDirectorRequest.newBuilder()
                        .setDirector(Director.newBuilder().setName("lb1").setDescription("rack 4"))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("description"))
                        .build());
        assertThat(described.getDescription()).isEqualTo("rack 4");
        assertThat(described.getManagementAddress()).isEqualTo("10.0.0.1");
        assertThat(described.getLabelsMap()).containsEntry("site", "a");
        assertThat(revision()).isEqualTo(r1 + 1);
    }

    @Test
    void createRefusesWhatExistsAndUpdateWhatDoesNotUnlessAllowedToCreate() {
        directors(ADMIN)
                .createDirector(CreateDirectorRequest.newBuilder()
                        .setDirector(director("lb9", "10.0.0.9", "a"))
                        .build());
        long before = revision();
        StatusRuntimeException exists = failure(() -> directors(ADMIN)
                .createDirector(CreateDirectorRequest.newBuilder()
                        .setDirector(director("lb9", "10.0.0.8", "a"))
                        .build()));
        assertThat(exists.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(badFields(exists)).containsOnlyKeys("/name");
        assertThat(code(() -> directors(ADMIN)
                        .updateDirector(UpdateDirectorRequest.newBuilder()
                                .setDirector(director("lb7", "10.0.0.7", "a"))
                                .build())))
                .isEqualTo(Status.Code.NOT_FOUND);
        assertThat(revision()).isEqualTo(before);
        Director made = directors(ADMIN)
                .updateDirector(UpdateDirectorRequest.newBuilder()
                        .setDirector(director("lb7", "10.0.0.7", "a"))
                        .setAllowMissing(true)
                        .build());
        assertThat(made.getEtag()).isEqualTo("\"1\"");
        admin().get("/api/v1/directors/lb7").then().statusCode(200);
    }

    @Test
    void theRevisionTheConfigurationDocumentAndTheStatusesAreRestsOwn() {
        ResourceCrudIT.seed();
        assertThat(configuration(ADMIN)
                        .getRevision(GetRevisionRequest.getDefaultInstance())
                        .getRevision())
                .isEqualTo(revision());
        ConfigDocument exported = configuration(ADMIN).exportConfig(ExportConfigRequest.getDefaultInstance());
        assertThat(rest(exported))
                .isEqualTo(tree(admin().get("/api/v1/config")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString()));
        assertThat(exported.toString()).doesNotContain("1111");

        assertThat(rest(configuration(ADMIN).getFleetStatus(GetFleetStatusRequest.getDefaultInstance())))
                .isEqualTo(tree(admin().get("/api/v1/status").asString()));
        assertThat(rest(directors(ADMIN)
                        .getDirectorStatus(GetDirectorStatusRequest.newBuilder()
                                .setName("directors/lb1")
                                .build())))
                .isEqualTo(tree(admin().get("/api/v1/directors/lb1/status").asString()));
        assertThat(rest(vrrpGroups(ADMIN)
                        .getVrrpGroupStatus(GetVrrpGroupStatusRequest.newBuilder()
                                .setName("vrrpGroups/VI_1")
                                .build())))
                .isEqualTo(tree(admin().get("/api/v1/vrrp-groups/VI_1/status").asString()));
        assertThat(rest(virtualServers(ADMIN)
                        .getVirtualServerStatus(GetVirtualServerStatusRequest.newBuilder()
                                .setName("virtualServers/web")
                                .build())))
                .isEqualTo(
                        tree(admin().get("/api/v1/virtual-servers/web/status").asString()));
        var caller = configuration(ADMIN).getCaller(GetCallerRequest.getDefaultInstance());
        assertThat(caller.getName()).isEqualTo("admin");
        assertThat(caller.getRole()).isEqualTo(Role.ROLE_ADMIN);
    }

    @Test
    void aDocumentIsPlannedAndAppliedThroughGrpcAsThroughRest() {
        String viewer = token("grpc-apply-viewer", "viewer"); // (a token's write is a revision too)
        long r0 = revision();
        ConfigDocument doc = message(ConfigApplyIT.DOCUMENT, ConfigDocument.newBuilder());
        PlanConfigRequest planned =
                PlanConfigRequest.newBuilder().setDocument(doc).build();
        Plan plan = configuration(ADMIN).planConfig(planned);
        assertThat(plan.getBasedOnRevision()).isEqualTo(r0);
        assertThat(plan.getCounts().getCreate()).isEqualTo(9);
        assertThat(rest(plan))
                .isEqualTo(tree(ConfigApplyIT.plan(ConfigApplyIT.DOCUMENT, "")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString()));
        assertThat(revision()).isEqualTo(r0);

        // a viewer plans but does not apply
        assertThat(configuration(viewer).planConfig(planned).getChangesCount()).isPositive();
        assertThat(code(() -> configuration(viewer)
                        .applyConfig(
                                ApplyConfigRequest.newBuilder().setDocument(doc).build())))
                .isEqualTo(Status.Code.PERMISSION_DENIED);

        // If-Match of another revision: nothing is written
        StatusRuntimeException stale = failure(() -> configuration(ADMIN)
                .applyConfig(ApplyConfigRequest.newBuilder()
                        .setDocument(doc)
                        .setIfMatchRevision(r0 + 5)
                        .build()));
        assertThat(stale.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(revision()).isEqualTo(r0);

        var applied = configuration(ADMIN)
                .applyConfig(ApplyConfigRequest.newBuilder()
                        .setDocument(doc)
                        .setIfMatchRevision(r0)
                        .build());
        assertThat(applied.getRevision()).isEqualTo(revision()).isGreaterThan(r0);
        admin().get("/api/v1/virtual-servers/api").then().statusCode(200);
        String id = applied.getApply();
        admin().get("/api/v1/audit?apply=" + id).then().statusCode(200).body("items[0].apply", equalTo(id));

        // the same document again writes nothing; a refused one names its errors as REST does
        long r1 = revision();
        var again = configuration(ADMIN)
                .applyConfig(ApplyConfigRequest.newBuilder().setDocument(doc).build());
        assertThat(again.getRevision()).isEqualTo(r1);
        assertThat(revision()).isEqualTo(r1);
        ConfigDocument.Builder wrong = doc.toBuilder();
        wrong.getVirtualServersBuilder(0).setVrrpGroup("VI_9");
        StatusRuntimeException refused = failure(() -> configuration(ADMIN)
                .applyConfig(ApplyConfigRequest.newBuilder().setDocument(wrong).build()));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(badFields(refused)).containsKey("/virtualServers/0/vrrpGroup");
        assertThat(revision()).isEqualTo(r1);
    }

    @Test
    void aDocumentOverTheSizeLimitIsResourceExhaustedAndNothingIsWritten() {
        ConfigDocument base = message(ConfigApplyIT.DOCUMENT, ConfigDocument.newBuilder());
        ConfigDocument.Builder doc = base.toBuilder();
        doc.getDirectorsBuilder(0).setDescription("x".repeat(1000));
        System.setProperty(Settings.MAX_DOCUMENT_SIZE, "1000");
        try {
            long r0 = revision();
            StatusRuntimeException e = failure(() -> configuration(ADMIN)
                    .applyConfig(
                            ApplyConfigRequest.newBuilder().setDocument(doc).build()));
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(e.getStatus().getDescription()).contains("1000 bytes").contains(Settings.MAX_DOCUMENT_SIZE);
            assertThat(code(() -> configuration(ADMIN)
                            .planConfig(PlanConfigRequest.newBuilder()
                                    .setDocument(doc)
                                    .build())))
                    .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(revision()).isEqualTo(r0);
        } finally {
            System.clearProperty(Settings.MAX_DOCUMENT_SIZE);
        }
        // a message over the port's limit (64 MiB) is refused by gRPC itself, with the same code
        ConfigDocument.Builder huge = doc.build().toBuilder();
        huge.getDirectorsBuilder(0).setDescription("x".repeat(65 << 20));
        assertThat(code(() -> configuration(ADMIN)
                        .planConfig(
                                PlanConfigRequest.newBuilder().setDocument(huge).build())))
                .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    }

    // ------------------------------------------------------------------ errors

    @Test
    void aBadVirtualServerIsRefusedNamingEveryBadFieldAsRestDoesAndNothingIsWritten() {
        VirtualServer bad = VirtualServer.newBuilder()
                .setName("w2")
                .setAddress("10.0.0.300")
                .setPort(70000)
                .setProtocolValue(99) // no such enum value
                .setQuorum(0)
                .build();
        long before = revision();
        StatusRuntimeException e = failure(() -> virtualServers(ADMIN)
                .createVirtualServer(CreateVirtualServerRequest.newBuilder()
                        .setVirtualServer(bad)
                        .build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        Map<String, String> fields = badFields(e);
        assertThat(fields).containsOnlyKeys("/address", "/port", "/protocol", "/quorum");
        // the very fields and messages of REST's problem+json for the same resource
        var problem = admin().body(RestJson.print(bad).toString())
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
        Problem p = detail(e, Problem.class);
        assertThat(p.getStatus()).isEqualTo(400);
        assertThat(p.getErrorsList()).hasSize(4);
        assertThat(revision()).isEqualTo(before);
        admin().get("/api/v1/virtual-servers/w2").then().statusCode(404);

        // required fields missing, and nothing at all
        assertThat(badFields(
                        failure(() -> directors(ADMIN).createDirector(CreateDirectorRequest.getDefaultInstance()))))
                .containsOnlyKeys("/name", "/managementAddress");
        assertThat(badFields(failure(() -> virtualServers(ADMIN)
                        .createVirtualServer(CreateVirtualServerRequest.newBuilder()
                                .setVirtualServer(
                                        VirtualServer.newBuilder().setName("w3").setProtocol(Protocol.PROTOCOL_TCP))
                                .build()))))
                .isNotEmpty();
        // a resource name that is not one
        assertThat(badFields(failure(() -> directors(ADMIN).getDirector(get("lb1")))))
                .containsOnlyKeys("name");
        assertThat(badFields(failure(() -> realServers(ADMIN)
                        .getRealServer(GetRealServerRequest.newBuilder()
                                .setName("virtualServers/web")
                                .build()))))
                .containsOnlyKeys("name");
        assertThat(revision()).isEqualTo(before);
    }

    @Test
    void whatDoesNotExistIsNotFound() {
        assertThat(code(() -> directors(ADMIN).getDirector(get("directors/nope"))))
                .isEqualTo(Status.Code.NOT_FOUND);
        assertThat(code(() -> vrrpGroups(ADMIN)
                        .deleteVrrpGroup(DeleteVrrpGroupRequest.newBuilder()
                                .setName("vrrpGroups/nope")
                                .build())))
                .isEqualTo(Status.Code.NOT_FOUND);
        assertThat(code(() -> virtualServers(ADMIN).getVirtualServer(getVs("nope"))))
                .isEqualTo(Status.Code.NOT_FOUND);
        StatusRuntimeException e = failure(() -> realServers(ADMIN)
                .createRealServer(CreateRealServerRequest.newBuilder()
                        .setParent("virtualServers/nope")
                        .setRealServer(RealServer.newBuilder().setName("x").setAddress("10.0.0.1"))
                        .build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(e.getStatus().getDescription()).isEqualTo("virtual server 'nope' does not exist");
        assertThat(errorInfo(e).getMetadataMap()).containsEntry("httpStatus", "404");
    }

    @Test
    void aWriteWhoseEtagIsStaleChangesNothing() {
        directors(ADMIN)
                .createDirector(CreateDirectorRequest.newBuilder()
                        .setDirector(director("lb9", "10.0.0.9", "a"))
                        .build());
        long before = revision();
        StatusRuntimeException stale = failure(() -> directors(ADMIN)
                .updateDirector(UpdateDirectorRequest.newBuilder()
                        .setDirector(
                                director("lb9", "10.0.0.8", "a").toBuilder().setEtag("\"7\""))
                        .build()));
        assertThat(stale.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(errorInfo(stale).getReason()).isEqualTo("PRECONDITION_FAILED");
        assertThat(code(() -> directors(ADMIN)
                        .deleteDirector(DeleteDirectorRequest.newBuilder()
                                .setName("directors/lb9")
                                .setEtag("\"7\"")
                                .build())))
                .isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(revision()).isEqualTo(before);
        admin().get("/api/v1/directors/lb9").then().body("managementAddress", equalTo("10.0.0.9"));
    }

    @Test
    void aTakenIdentityIsAlreadyExistsAndAResourceStillInUseIsAborted() {
        ResourceCrudIT.seed();
        long before = revision();
        VirtualServer web2 = message(BadInputIT.GOOD_VS.replace("\"web\"", "\"web2\""), VirtualServer.newBuilder());
        StatusRuntimeException taken = failure(() -> virtualServers(ADMIN)
                .createVirtualServer(CreateVirtualServerRequest.newBuilder()
                        .setVirtualServer(web2)
                        .build()));
        assertThat(taken.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(badFields(taken)).containsOnlyKeys("/address");
        StatusRuntimeException inUse = failure(() -> directors(ADMIN)
                .deleteDirector(DeleteDirectorRequest.newBuilder()
                        .setName("directors/lb1")
                        .build()));
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
        StatusRuntimeException wrong = failure(
                () -> directors("fulcrum_not-a-real-token").listDirectors(ListDirectorsRequest.getDefaultInstance()));
        assertThat(wrong.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(wrong.getStatus().getDescription()).contains("not valid").doesNotContain("fulcrum_not-a-real-token");
        long before = revision();
        Metadata basic = new Metadata();
        basic.put(AUTHORIZATION, "Basic YWRtaW46YWRtaW4=");
        assertThat(code(() -> DirectorsGrpc.newBlockingStub(channel)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(basic))
                        .createDirector(CreateDirectorRequest.newBuilder()
                                .setDirector(director("lb1", "10.0.0.1", "a"))
                                .build())))
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(revision()).isEqualTo(before);
    }

    @Test
    void aViewerReadsButCannotWriteAndAnOperatorWritesAsItself() {
        ResourceCrudIT.seed();
        String viewer = token("grpc-viewer", "viewer");
        assertThat(virtualServers(viewer).getVirtualServer(getVs("web")).getName())
                .isEqualTo("web");
        assertThat(directors(viewer)
                        .listDirectors(ListDirectorsRequest.getDefaultInstance())
                        .getDirectorsCount())
                .isEqualTo(2);
        assertThat(configuration(viewer)
                        .exportConfig(ExportConfigRequest.getDefaultInstance())
                        .getVirtualServersList())
                .extracting(VirtualServer::getName)
                .contains("web");
        long before = revision();
        StatusRuntimeException denied = failure(() -> directors(viewer)
                .createDirector(CreateDirectorRequest.newBuilder()
                        .setDirector(director("lb8", "10.0.0.8", "a"))
                        .build()));
        assertThat(denied.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(denied.getStatus().getDescription()).contains("viewer").doesNotContain(viewer);
        assertThat(code(() -> virtualServers(viewer)
                        .deleteVirtualServer(DeleteVirtualServerRequest.newBuilder()
                                .setName("virtualServers/web")
                                .build())))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(code(() -> realServers(viewer)
                        .deleteRealServer(DeleteRealServerRequest.newBuilder()
                                .setName("virtualServers/web/realServers/rs1")
                                .build())))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(revision()).isEqualTo(before);

        String operator = token("grpc-operator", "operator");
        directors(operator)
                .createDirector(CreateDirectorRequest.newBuilder()
                        .setDirector(director("lb8", "10.0.0.8", "a"))
                        .build());
        admin().get("/api/v1/audit?limit=1")
                .then()
                .body("items[0].actor", equalTo("grpc-operator"))
                .body("items[0].resource", equalTo("lb8"));
        // tokens are the admin's alone, as in REST
        assertThat(code(() -> tokens(operator).listTokens(ListTokensRequest.getDefaultInstance())))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    @Test
    void anAdminManagesTokensThroughGrpcAndANewTokenWorksAtOnce() {
        var created = tokens(ADMIN)
                .createToken(CreateTokenRequest.newBuilder()
                        .setToken(Token.newBuilder().setName("grpc-made").setRole(Role.ROLE_VIEWER))
                        .build());
        try {
            assertThat(created.getSecret()).isNotEmpty();
            assertThat(created.getRole()).isEqualTo(Role.ROLE_VIEWER);
            assertThat(configuration(created.getSecret())
                            .getCaller(GetCallerRequest.getDefaultInstance())
                            .getName())
                    .isEqualTo("grpc-made");
            assertThat(tokens(ADMIN)
                            .listTokens(ListTokensRequest.getDefaultInstance())
                            .getTokensList())
                    .extracting(Token::getName)
                    .contains("grpc-made");
            assertThat(tokens(ADMIN)
                            .listTokens(ListTokensRequest.getDefaultInstance())
                            .toString())
                    .doesNotContain(created.getSecret());
            assertThat(badFields(failure(() -> tokens(ADMIN)
                            .createToken(CreateTokenRequest.newBuilder()
                                    .setToken(Token.newBuilder().setName("no role"))
                                    .build()))))
                    .containsOnlyKeys("/name", "/role");
        } finally {
            tokens(ADMIN)
                    .deleteToken(DeleteTokenRequest.newBuilder()
                            .setName("tokens/grpc-made")
                            .build());
        }
        assertThat(code(() -> configuration(created.getSecret()).getCaller(GetCallerRequest.getDefaultInstance())))
                .isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    // ------------------------------------------------------------------ lists

    @Test
    void listsPageByPageAndFilterByLabelAsRestDoes() {
        for (int i = 0; i < 5; i++) {
            directors(ADMIN)
                    .createDirector(CreateDirectorRequest.newBuilder()
                            .setDirector(director("d" + i, "10.1.0." + i, i % 2 == 0 ? "even" : "odd"))
                            .build());
        }
        ListDirectorsResponse p1 = directors(ADMIN)
                .listDirectors(ListDirectorsRequest.newBuilder().setPageSize(2).build());
        assertThat(names(p1)).containsExactly("d0", "d1");
        assertThat(p1.getNextPageToken()).isNotEmpty();
        ListDirectorsResponse p2 = directors(ADMIN)
                .listDirectors(ListDirectorsRequest.newBuilder()
                        .setPageSize(2)
                        .setPageToken(p1.getNextPageToken())
                        .build());
        assertThat(names(p2)).containsExactly("d2", "d3");
        // the tokens are REST's
        admin().get("/api/v1/directors?limit=2&pageToken=" + p1.getNextPageToken())
                .then()
                .body("items.name", equalTo(List.of("d2", "d3")));
        assertThat(names(directors(ADMIN)
                        .listDirectors(ListDirectorsRequest.newBuilder()
                                .setPageSize(2)
                                .setPageToken(p2.getNextPageToken())
                                .build())))
                .containsExactly("d4");

        ListDirectorsResponse even = directors(ADMIN)
                .listDirectors(
                        ListDirectorsRequest.newBuilder().addLabel("site=even").build());
        assertThat(names(even)).containsExactly("d0", "d2", "d4");
        assertThat(even.getNextPageToken()).isEmpty();
        assertThat(even.getDirectors(0).getEtag()).isEqualTo("\"1\"");
        assertThat(rest(even.getDirectors(0)))
                .isEqualTo(tree(admin().get("/api/v1/directors/d0").asString()));
        assertThat(directors(ADMIN)
                        .listDirectors(ListDirectorsRequest.newBuilder()
                                .addLabel("site=even")
                                .addLabel("site=odd")
                                .build())
                        .getDirectorsCount())
                .isZero();
        // page_size 0 is the default
        assertThat(names(directors(ADMIN).listDirectors(ListDirectorsRequest.getDefaultInstance())))
                .hasSize(5);

        assertThat(badFields(failure(() -> directors(ADMIN)
                        .listDirectors(ListDirectorsRequest.newBuilder()
                                .setPageSize(-1)
                                .build()))))
                .containsOnlyKeys("page_size");
        assertThat(badFields(failure(() -> directors(ADMIN)
                        .listDirectors(ListDirectorsRequest.newBuilder()
                                .setPageSize(100_000)
                                .build()))))
                .containsOnlyKeys("page_size");
        assertThat(badFields(failure(() -> directors(ADMIN)
                        .listDirectors(ListDirectorsRequest.newBuilder()
                                .addLabel("site")
                                .build()))))
                .containsOnlyKeys("label");
        assertThat(badFields(failure(() -> directors(ADMIN)
                        .listDirectors(ListDirectorsRequest.newBuilder()
                                .setPageToken("!!")
                                .build()))))
                .containsOnlyKeys("pageToken");
    }

    // ------------------------------------------------------------------ server reflection

    @Test
    void serverReflectionListsTheServicesAndDescribesTheirMessagesWithoutAToken() throws Exception {
        List<ServerReflectionResponse> answers = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse r) {
                        answers.add(r);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.countDown();
                    }

                    @Override
                    public void onCompleted() {
                        done.countDown();
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onNext(ServerReflectionRequest.newBuilder()
                .setFileContainingSymbol("fulcrum.v1.VirtualServer")
                .build());
        requests.onCompleted();
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(answers).hasSize(2);
        assertThat(answers.get(0).getListServicesResponse().getServiceList())
                .extracting(ServiceResponse::getName)
                .contains(
                        "fulcrum.v1.Directors",
                        "fulcrum.v1.VrrpGroups",
                        "fulcrum.v1.VirtualServers",
                        "fulcrum.v1.RealServers",
                        "fulcrum.v1.Configuration",
                        "fulcrum.v1.Tokens",
                        "fulcrum.v1.Events",
                        "grpc.reflection.v1.ServerReflection");
        List<DescriptorProto> messages = new ArrayList<>();
        for (var bytes : answers.get(1).getFileDescriptorResponse().getFileDescriptorProtoList()) {
            FileDescriptorProto f = FileDescriptorProto.parseFrom(bytes);
            if (f.getPackage().equals("fulcrum.v1")) messages.addAll(f.getMessageTypeList());
        }
        DescriptorProto vs = messages.stream()
                .filter(m -> m.getName().equals("VirtualServer"))
                .findFirst()
                .orElseThrow();
        assertThat(vs.getFieldList())
                .filteredOn(f -> f.getName().equals("scheduler"))
                .singleElement()
                .satisfies(f -> assertThat(f.getTypeName()).isEqualTo(".fulcrum.v1.Scheduler"));
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

    private TokensGrpc.TokensBlockingStub tokens(String token) {
        return as(TokensGrpc.newBlockingStub(channel), token);
    }

    /** A REST JSON fixture as its message (the one mapping, RestJson). */
    @SuppressWarnings("unchecked")
    static <M extends Message> M message(String restJson, Message.Builder builder) {
        return (M) RestJson.parse(tree(restJson), builder).build();
    }

    private static Director director(String name, String address, String site) {
        return message(ResourceCrudIT.DIRECTOR.formatted(name, address, site), Director.newBuilder());
    }

    private static GetDirectorRequest get(String name) {
        return GetDirectorRequest.newBuilder().setName(name).build();
    }

    private static GetVirtualServerRequest getVs(String name) {
        return GetVirtualServerRequest.newBuilder()
                .setName("virtualServers/" + name)
                .build();
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

    /** A REST answer, canonical for comparing (see {@link #canonical}). */
    private static JsonNode tree(String json) {
        try {
            return canonical(DocumentCodec.JSON.readTree(json));
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** A message's REST representation (RestJson), canonical for comparing. */
    private static JsonNode rest(Message m) {
        return canonical(RestJson.print(m));
    }

    /**
     * JSON as the proof compares it (docs/grpc.md, "One schema, two encodings"): numbers by value,
     * members in name order, and what proto3 cannot tell from absent left out: null members, empty
     * arrays.
     */
    private static JsonNode canonical(JsonNode n) {
        if (n.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            n.properties().forEach(e -> {
                JsonNode v = e.getValue();
                if (!v.isNull() && !(v.isArray() && v.isEmpty())) sorted.put(e.getKey(), canonical(v));
            });
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            sorted.forEach(o::set);
            return o;
        }
        if (n.isArray()) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            n.forEach(x -> a.add(canonical(x)));
            return a;
        }
        if (n.isNumber()) {
            BigDecimal b = n.decimalValue().stripTrailingZeros();
            return JsonNodeFactory.instance.numberNode(b.scale() < 0 ? b.setScale(0) : b);
        }
        return n;
    }

    private static List<String> names(ListDirectorsResponse page) {
        return page.getDirectorsList().stream().map(Director::getName).toList();
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
