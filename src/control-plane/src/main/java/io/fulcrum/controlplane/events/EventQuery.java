package io.fulcrum.controlplane.events;

import io.fulcrum.controlplane.service.ApiProblem;
import io.fulcrum.model.FieldError;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a watcher asks for, read from REST's query and header: the types (none named: all), a
 * revision to replay from ({@code since}) and an event to resume after (Last-Event-ID, which wins over
 * since: a reconnecting browser sends both). Every malformed value is named in one 400.
 */
public record EventQuery(Set<EventType> types, Long since, Long lastEventId) {
    public static EventQuery parse(String since, String types, String lastEventId) {
        List<FieldError> errors = new ArrayList<>();
        Long s = number(since, "since", "is not a revision (a whole number, 0 or more)", errors);
        Long id = number(lastEventId, "Last-Event-ID", "is not an event id (a whole number, 0 or more)", errors);
        Set<EventType> t = EnumSet.noneOf(EventType.class);
        if (types != null && !types.isBlank()) {
            for (String name : types.split(",")) {
                EventType type = EventType.fromWire(name.trim());
                if (type == null || type == EventType.RESYNC)
                    errors.add(new FieldError(
                            "types", "'" + name.trim() + "' is not one of revision, agent, vrrp, health, counters"));
                else t.add(type);
            }
        }
        if (!errors.isEmpty()) throw ApiProblem.invalid(errors);
        return new EventQuery(t.isEmpty() ? EventType.filterable() : t, id != null ? null : s, id);
    }

    private static Long number(String s, String field, String message, List<FieldError> errors) {
        if (s == null || s.isEmpty()) return null;
        try {
            long v = Long.parseLong(s.trim());
            if (v >= 0) return v;
        } catch (NumberFormatException e) {
            // named below
        }
        errors.add(new FieldError(field, "'" + s + "' " + message));
        return null;
    }
}
