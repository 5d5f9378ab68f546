package io.fulcrum.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fulcrum.client.ApiClient;
import io.fulcrum.client.ApiException;
import io.fulcrum.client.api.DirectorsApi;
import io.fulcrum.client.api.RealServersApi;
import io.fulcrum.client.api.SystemApi;
import io.fulcrum.client.api.VirtualServersApi;
import io.fulcrum.client.model.ApplyResult;
import io.fulcrum.client.model.ConfigDocument;
import io.fulcrum.client.model.Director;
import io.fulcrum.client.model.FieldDiff;
import io.fulcrum.client.model.Plan;
import io.fulcrum.client.model.PlanAction;
import io.fulcrum.client.model.PlanChange;
import io.fulcrum.client.model.RealServer;
import io.fulcrum.client.model.VirtualServer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What a Terraform provider does, with the Java client openapi-generator makes from openapi.yaml (module
 * src/openapi), used exactly as generated: its own Accept and Content-Type headers, its own JSON mapping
 * (which sends every default a model has). The only thing added is the bearer token, through the
 * client's request interceptor (the generated "native" client has no bearer support of its own).
 */
@QuarkusTest
class GeneratedClientIT {
    @TestHTTPResource("/")
    URI root;

    private DirectorsApi directors;
    private VirtualServersApi virtualServers;
    private RealServersApi realServers;
    private SystemApi system;

    @BeforeEach
    void client() {
        Api.deleteAll();
        ApiClient client = new ApiClient();
        client.updateBaseUri(root.toString().replaceAll("/$", ""));
        client.setRequestInterceptor(b -> b.header("Authorization", "Bearer " + EmbeddedPostgresResource.ADMIN_TOKEN));
        directors = new DirectorsApi(client);
        virtualServers = new VirtualServersApi(client);
        realServers = new RealServersApi(client);
        system = new SystemApi(client);
    }

    @Test
    void createsDrainsReadsBackAndDeletesWithTheGeneratedClient() throws ApiException {
        createADirectorAndAVirtualServerWithTwoRealServers();
        replaceTheVirtualServerWithoutRealServersAndKeepThem();
        planAndApplyTheExportedDocumentWithOneWeightChanged();
        drainOneRealServer();
        deleteTheRealServerTheVirtualServerAndTheDirector();
    }

    private void createADirectorAndAVirtualServerWithTwoRealServers() throws ApiException {
        Director d = directors.createDirector(new Director().name("gen-lb1").managementAddress("10.0.1.1"));
        assertThat(d.getName()).isEqualTo("gen-lb1");
        assertThat(d.getStatus().getConnected()).isFalse();
        assertThat(d.getMetadata().getVersion()).isEqualTo(1L);

        VirtualServer v = virtualServers.createVirtualServer(new VirtualServer()
                .name("gen-web")
                .address("192.168.40.1")
                .port(80)
                .protocol(VirtualServer.ProtocolEnum.TCP)
                .scheduler(VirtualServer.SchedulerEnum.WRR)
                .directors(new LinkedHashSet<>(Set.of("gen-lb1")))
                .realServers(List.of(
                        new RealServer().name("rs-a").address("192.168.40.11").weight(3),
                        new RealServer().name("rs-b").address("192.168.40.12").weight(2))));
        assertThat(v.getRealServers()).extracting(RealServer::getName).containsExactly("rs-a", "rs-b");
        assertThat(v.getScheduler()).isEqualTo(VirtualServer.SchedulerEnum.WRR);
        assertThat(virtualServers.getVirtualServer("gen-web").getDirectors()).containsExactly("gen-lb1");
    }

    /**
     * A provider that manages real servers as resources of their own puts the virtual server without
     * them: a new model's realServers is null, the client leaves it out, and the stored ones stay. An
     * explicit list is the whole set.
     */
    private void replaceTheVirtualServerWithoutRealServersAndKeepThem() throws ApiException {
        VirtualServer body = new VirtualServer()
                .name("gen-web")
                .address("192.168.40.1")
                .port(80)
                .scheduler(VirtualServer.SchedulerEnum.WLC)
                .directors(new LinkedHashSet<>(Set.of("gen-lb1")));
        assertThat(body.getRealServers()).as("a new model's realServers").isNull();
        VirtualServer put = virtualServers.putVirtualServer("gen-web", body, null, null);
        assertThat(put.getScheduler()).isEqualTo(VirtualServer.SchedulerEnum.WLC);
        assertThat(put.getRealServers()).extracting(RealServer::getName).containsExactly("rs-a", "rs-b");

        VirtualServer none = virtualServers.putVirtualServer(
                "gen-web",
                body.realServers(List.of(
                        new RealServer().name("rs-a").address("192.168.40.11").weight(3))),
                null,
                null);
        assertThat(none.getRealServers()).extracting(RealServer::getName).containsExactly("rs-a");
        VirtualServer back = virtualServers.putVirtualServer(
                "gen-web",
                body.scheduler(VirtualServer.SchedulerEnum.WRR)
                        .realServers(List.of(
                                new RealServer()
                                        .name("rs-a")
                                        .address("192.168.40.11")
                                        .weight(3),
                                new RealServer()
                                        .name("rs-b")
                                        .address("192.168.40.12")
                                        .weight(2))),
                null,
                null);
        assertThat(back.getRealServers()).extracting(RealServer::getName).containsExactly("rs-a", "rs-b");
    }

    /** The export read back, one weight changed, planned, and applied under If-Match of the plan's revision. */
    private void planAndApplyTheExportedDocumentWithOneWeightChanged() throws ApiException {
        ConfigDocument doc = system.exportConfig();
        RealServer b = doc.getVirtualServers().get(0).getRealServers().get(1);
        assertThat(b.getName()).isEqualTo("rs-b");
        b.weight(5);

        Plan plan = system.planConfig(doc, null, null, null);
        assertThat(plan.getRefused()).isFalse();
        assertThat(plan.getCounts().getUpdate()).isEqualTo(1);
        assertThat(plan.getChanges())
                .extracting(
                        PlanChange::getKind, PlanChange::getVirtualServer, PlanChange::getName, PlanChange::getAction)
                .containsExactly(tuple(PlanChange.KindEnum.REAL_SERVER, "gen-web", "rs-b", PlanAction.UPDATE));
        assertThat(plan.getChanges().get(0).getDirectors()).containsExactly("gen-lb1");
        assertThat(plan.getChanges().get(0).getDiff())
                .extracting(FieldDiff::getPath, FieldDiff::getBefore, FieldDiff::getAfter)
                .containsExactly(tuple("/weight", 2, 5));

        ApplyResult applied = system.applyConfig(doc, null, null, null, "\"" + plan.getBasedOnRevision() + "\"");
        assertThat(applied.getRevision()).isEqualTo(plan.getBasedOnRevision() + 1);
        assertThat(applied.getApply()).isNotEmpty();
        assertThat(realServers.getRealServer("gen-web", "rs-b").getWeight()).isEqualTo(5);

        // the same document again: nothing to write, the revision stays
        assertThat(system.applyConfig(doc, null, null, null, null).getRevision())
                .isEqualTo(applied.getRevision());
        ApiException stale = assertThrows(
                ApiException.class,
                () -> system.applyConfig(doc, null, null, null, "\"" + plan.getBasedOnRevision() + "\""));
        assertThat(stale.getCode()).isEqualTo(412);
    }

    /** Drained as openapi.yaml says: the real server read back, its adminState set to draining, put again. */
    private void drainOneRealServer() throws ApiException {
        RealServer a = realServers.getRealServer("gen-web", "rs-a");
        assertThat(a.getAdminState()).isEqualTo(RealServer.AdminStateEnum.ENABLED);
        long version = a.getMetadata().getVersion();
        RealServer drained = realServers.putRealServer(
                "gen-web", "rs-a", a.adminState(RealServer.AdminStateEnum.DRAINING), "\"" + version + "\"", null);
        assertThat(drained.getAdminState()).isEqualTo(RealServer.AdminStateEnum.DRAINING);
        assertThat(drained.getMetadata().getVersion()).isEqualTo(version + 1);

        assertThat(realServers.getRealServer("gen-web", "rs-a").getAdminState())
                .isEqualTo(RealServer.AdminStateEnum.DRAINING);
        VirtualServer v = virtualServers.getVirtualServer("gen-web");
        assertThat(v.getRealServers())
                .extracting(RealServer::getName, RealServer::getAdminState, RealServer::getWeight)
                .containsExactly(
                        tuple("rs-a", RealServer.AdminStateEnum.DRAINING, 3),
                        tuple("rs-b", RealServer.AdminStateEnum.ENABLED, 5)); // 5 since the apply
    }

    /** Every DELETE goes out with the generated Accept: application/problem+json, and deletes. */
    private void deleteTheRealServerTheVirtualServerAndTheDirector() throws ApiException {
        realServers.deleteRealServer("gen-web", "rs-a", null);
        notFound(() -> realServers.getRealServer("gen-web", "rs-a"));
        assertThat(virtualServers.getVirtualServer("gen-web").getRealServers())
                .extracting(RealServer::getName)
                .containsExactly("rs-b");

        virtualServers.deleteVirtualServer("gen-web", null);
        notFound(() -> virtualServers.getVirtualServer("gen-web"));

        directors.deleteDirector("gen-lb1", null);
        notFound(() -> directors.getDirector("gen-lb1"));
    }

    private static void notFound(Executable call) {
        ApiException e = assertThrows(ApiException.class, call);
        assertThat(e.getCode()).isEqualTo(404);
        assertThat(e.getResponseHeaders().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }
}
