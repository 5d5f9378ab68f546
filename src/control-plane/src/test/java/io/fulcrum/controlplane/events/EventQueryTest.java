package io.fulcrum.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fulcrum.controlplane.service.ApiProblem;
import io.fulcrum.model.FieldError;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class EventQueryTest {
    @Test
    void noParametersMeansEveryTypeLiveOnly() {
        assertThat(EventQuery.parse(null, null, null)).isEqualTo(new EventQuery(EventType.filterable(), null, null));
    }

    @Test
    void typesSinceAndLastEventIdAreRead() {
        assertThat(EventQuery.parse("12", "revision, vrrp", null))
                .isEqualTo(new EventQuery(EnumSet.of(EventType.REVISION, EventType.VRRP), 12L, null));
        // a reconnecting browser repeats its URL's since: the Last-Event-ID is where it resumes
        assertThat(EventQuery.parse("12", null, "40")).isEqualTo(new EventQuery(EventType.filterable(), null, 40L));
    }

    @Test
    void everyMalformedValueIsNamed() {
        ApiProblem p =
                catchThrowableOfType(ApiProblem.class, () -> EventQuery.parse("abc", "revision,bogus,resync", "-1"));
        assertThat(p.status).isEqualTo(400);
        assertThat(p.errors)
                .containsExactly(
                        new FieldError("since", "'abc' is not a revision (a whole number, 0 or more)"),
                        new FieldError("Last-Event-ID", "'-1' is not an event id (a whole number, 0 or more)"),
                        new FieldError("types", "'bogus' is not one of revision, agent, vrrp, health, counters"),
                        new FieldError("types", "'resync' is not one of revision, agent, vrrp, health, counters"));
    }
}
