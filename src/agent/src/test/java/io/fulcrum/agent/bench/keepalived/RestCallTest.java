package io.fulcrum.agent.bench.keepalived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RestCallTest {
    private final Fleet fleet = Fleet.of(new BenchCase(20, 4, "nat", "tcp", 30));

    @Test
    void aWeightIsOnePutOfThatRealServerAsAWhole() {
        RestCall call = RestCall.of(Change.weight(fleet));

        assertThat(call.method()).isEqualTo("PUT");
        assertThat(call.path()).isEqualTo("/api/v1/virtual-servers/vs-0/real-servers/rs-0");
        assertThat(call.body()).isEqualTo("{\"name\":\"rs-0\",\"address\":\"10.200.0.1\",\"port\":80,\"weight\":2}");
    }

    @Test
    void anAddedRealServerIsOnePostToItsVirtualServer() {
        RestCall call = RestCall.of(Change.addition(fleet));

        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/api/v1/virtual-servers/vs-1/real-servers");
        assertThat(call.body()).isEqualTo("{\"name\":\"rs-4\",\"address\":\"10.204.0.2\",\"port\":80,\"weight\":1}");
    }

    @Test
    void aRollingChangeNamesTheRealServerTheDocumentHas() {
        Change c = Change.rolling(fleet, 20);

        RestCall call = RestCall.of(c);

        assertThat(fleet.documentJson())
                .contains("{\"name\":\"vs-" + c.service() + "\"")
                .contains("{\"name\":\"rs-" + c.dest() + "\",\"address\":\""
                        + Fleet.realServerAddress(c.service(), c.dest()) + "\"");
        assertThat(call.path()).endsWith("/vs-" + c.service() + "/real-servers/rs-" + c.dest());
        assertThat(call.body()).endsWith("\"weight\":" + c.weight() + "}");
    }

    @Test
    void theWholeFleetIsAppliedAsOneDocumentPruningWhatItDoesNotName() {
        RestCall call = RestCall.apply(fleet);

        assertThat(call.method()).isEqualTo("PUT");
        assertThat(call.path()).isEqualTo("/api/v1/config?prune=true");
        assertThat(call.body()).isEqualTo(fleet.documentJson());
    }

    @Test
    void aCallGoesThroughTextUnchanged() {
        RestCall call = RestCall.of(Change.addition(fleet));

        assertThat(RestCall.decode(call.encode())).isEqualTo(call);
        assertThatThrownBy(() -> RestCall.decode("PUT")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theControlPlaneIsUsedOnlyWhenTheScriptSaysWhereItIs() {
        Map<String, String> env = Map.of(
                "BENCH_CP_HTTP", "http://10.0.2.2:1",
                "BENCH_CP_GRPC", "https://10.0.2.2:2",
                "BENCH_CP_CA", "/tmp/ca.pem",
                "BENCH_CP_TOKEN_FILE", "/tmp/token",
                "BENCH_CP_ADMIN", "secret");

        assertThat(ControlPlaneSubject.Endpoint.from(env)).hasValueSatisfying(e -> {
            assertThat(e.grpc()).isEqualTo("https://10.0.2.2:2");
            assertThat(e.tokenFile()).hasToString("/tmp/token");
        });
        assertThat(ControlPlaneSubject.Endpoint.from(Map.of("BENCH_CP_HTTP", "http://10.0.2.2:1")))
                .isEmpty();
    }
}
