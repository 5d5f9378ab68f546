package io.fulcrum.agent.bench.keepalived;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestsTest {
    private final List<Requests.Request> sent = List.of(
            new Requests.Request(10, null),
            new Requests.Request(20, "connect: Connection refused"),
            new Requests.Request(30, null),
            new Requests.Request(40, "read timed out"),
            new Requests.Request(50, "connect: Connection refused"),
            new Requests.Request(60, null));

    @Test
    void onlyTheRequestsSentWithinThePhaseCountAndEachFailureByHow() {
        Requests.Result r = Requests.of(sent, 20, 50);

        assertThat(r.requests()).isEqualTo(4);
        assertThat(r.failed()).isEqualTo(3);
        assertThat(r.failures()).isEqualTo(Map.of("connect: Connection refused", 2, "read timed out", 1));
        assertThat(r.summary()).isEqualTo("4 requests, 3 failed: connect: Connection refused x2, read timed out x1");
    }

    @Test
    void aPhaseWithoutFailuresOrWithoutRequestsSaysSo() {
        assertThat(Requests.of(sent, 55, 65).summary()).isEqualTo("1 requests, none failed");
        assertThat(Requests.of(sent, 100, 200).summary()).isEqualTo("(no requests)");
        assertThat(Requests.Result.NOT_SENT.summary()).isEqualTo("(no requests)");
    }
}
