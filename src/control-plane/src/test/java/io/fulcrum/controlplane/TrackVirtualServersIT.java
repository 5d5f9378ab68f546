package io.fulcrum.controlplane;

import static io.fulcrum.controlplane.Api.admin;
import static io.fulcrum.controlplane.Api.revision;
import static io.fulcrum.controlplane.ResourceCrudIT.GROUP;
import static io.fulcrum.controlplane.ResourceCrudIT.seed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A VRRP group's trackVirtualServers through the REST API: stored and shown, references kept consistent both ways. */
@QuarkusTest
class TrackVirtualServersIT {
    static String tracking(String items) {
        return GROUP.substring(0, GROUP.lastIndexOf('}')) + ",\"trackVirtualServers\":" + items + "}";
    }

    @BeforeEach
    void clean() {
        Api.deleteAll();
        seed();
    }

    @AfterEach
    void untrack() {
        admin().body(GROUP).put("/api/v1/vrrp-groups/VI_1"); // so that the next deleteAll can remove the virtual server
    }

    @Test
    void aGroupTracksAVirtualServerItCarriesAndShowsIt() {
        admin().body(tracking("[{\"virtualServer\":\"web\",\"weight\":-60}]"))
                .put("/api/v1/vrrp-groups/VI_1")
                .then()
                .statusCode(200)
                .body("trackVirtualServers[0].virtualServer", equalTo("web"))
                .body("trackVirtualServers[0].weight", equalTo(-60));
        admin().get("/api/v1/vrrp-groups/VI_1")
                .then()
                .statusCode(200)
                .body("trackVirtualServers.virtualServer", equalTo(List.of("web")));
        admin().get("/api/v1/config")
                .then()
                .statusCode(200)
                .body("vrrpGroups[0].trackVirtualServers[0].weight", equalTo(-60));
        admin().body(tracking("[{\"virtualServer\":\"web\"}]"))
                .put("/api/v1/vrrp-groups/VI_1")
                .then()
                .statusCode(200)
                .body("trackVirtualServers[0].weight", Matchers.nullValue());
    }

    @Test
    void trackingAnUnknownVirtualServerOrWithABadWeightIsRefusedNamingTheFieldAndNothingChanges() {
        long r = revision();
        admin().body(tracking("[{\"virtualServer\":\"nope\",\"weight\":-10}]"))
                .put("/api/v1/vrrp-groups/VI_1")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("/trackVirtualServers/0/virtualServer"))
                .body("errors[0].message", equalTo("no virtual server named 'nope'"));
        admin().body(tracking("[{\"virtualServer\":\"web\",\"weight\":10}]"))
                .put("/api/v1/vrrp-groups/VI_1")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("/trackVirtualServers/0/weight"));
        admin().body(tracking("[{\"virtualServer\":\"web\",\"weight\":-254}]"))
                .put("/api/v1/vrrp-groups/VI_1")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("/trackVirtualServers/0/weight"));
        assertThat(revision()).isEqualTo(r);
    }

    @Test
    void aTrackedVirtualServerCannotBeDeletedNorLeaveAMember() {
        admin().body(tracking("[{\"virtualServer\":\"web\",\"weight\":-60}]"))
                .put("/api/v1/vrrp-groups/VI_1")
                .then()
                .statusCode(200);
        long r = revision();

        admin().delete("/api/v1/virtual-servers/web")
                .then()
                .statusCode(409)
                .body(
                        "errors[0].message",
                        equalTo("VRRP group 'VI_1' tracks this virtual server (trackVirtualServers)"));
        String toLb1Only = ResourceCrudIT.VS.replace("\"vrrpGroup\":\"VI_1\"", "\"directors\":[\"lb1\"]");
        admin().body(toLb1Only)
                .put("/api/v1/virtual-servers/web")
                .then()
                .statusCode(409)
                .body("errors[0].field", equalTo("/directors"))
                .body("errors[0].message", containsString("member 'lb2'"));
        assertThat(revision()).isEqualTo(r);

        // listing every member keeps it trackable
        admin().body(ResourceCrudIT.VS.replace("\"vrrpGroup\":\"VI_1\"", "\"directors\":[\"lb1\",\"lb2\"]"))
                .put("/api/v1/virtual-servers/web")
                .then()
                .statusCode(200);
    }
}
