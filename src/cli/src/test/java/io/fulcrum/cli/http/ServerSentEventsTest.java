package io.fulcrum.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerSentEventsTest {
    @Test
    void joinsDataLinesSkipsCommentsAndDefaultsTheType() {
        List<ServerSentEvents.Event> events = new ArrayList<>();
        ServerSentEvents sse = new ServerSentEvents(events::add);
        for (String l :
                List.of(": hello", "id: 7", "event: change", "data: a", "data:b", "", "", "retry: 100", "data", "")) {
            sse.accept(l);
        }
        assertThat(events)
                .containsExactly(
                        new ServerSentEvents.Event("change", "a\nb", "7"),
                        new ServerSentEvents.Event("message", "", "7"));
    }
}
