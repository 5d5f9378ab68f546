package io.fulcrum.controlplane.events;

import io.fulcrum.api.agent.v1.Kind;
import io.fulcrum.api.agent.v1.Nack;
import io.fulcrum.api.agent.v1.ObjectError;
import io.fulcrum.api.agent.v1.ResourceKey;
import io.fulcrum.api.agent.v1.Status;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

/**
 * The agents' side of the event source: what {@code agents.AgentHub} hears on the agents' streams
 * (connect, disconnect, ACK, NACK, status reports), turned from the agent protocol's wire types into
 * events, published, and relayed to the other replicas ({@link EventRelay}).
 */
@ApplicationScoped
public class AgentEvents {
    @Inject
    EventHub hub;

    @Inject
    EventRelay relay;

    private final Clock clock = Clock.systemUTC();
    private final StatusEvents statuses = new StatusEvents(clock);

    public void connected(String director, String agentVersion, long appliedRevision) {
        agent(director, LiveEvent.AgentAction.CONNECTED, appliedRevision, agentVersion, null);
    }

    public void disconnected(String director, String agentVersion) {
        agent(director, LiveEvent.AgentAction.DISCONNECTED, 0, agentVersion, null);
    }

    public void acked(String director, String agentVersion, long revision) {
        agent(director, LiveEvent.AgentAction.ACK, revision, agentVersion, null);
    }

    public void nacked(String director, String agentVersion, Nack n) {
        agent(director, LiveEvent.AgentAction.NACK, n.getRevision(), agentVersion, error(n));
    }

    public void status(String director, Status st) {
        for (LiveEvent e : statuses.next(director, st)) publish(e);
    }

    private void agent(
            String director, LiveEvent.AgentAction action, long revision, String version, LiveEvent.NackError error) {
        publish(new LiveEvent.Agent(director, action, revision, version, Instant.now(clock), error));
    }

    private void publish(LiveEvent e) {
        hub.publish(e);
        relay.send(e);
    }

    /** The first error of a NACK: its message, the resource ("virtual-server/web") and the field's pointer. */
    static LiveEvent.NackError error(Nack n) {
        if (n.getErrorsCount() == 0) return new LiveEvent.NackError("the agent refused the revision", null, null);
        ObjectError e = n.getErrors(0);
        String resource = null;
        if (e.hasObject() && e.getObject().getKind() != Kind.KIND_UNSPECIFIED) resource = resource(e.getObject());
        String detail = e.getMessage();
        if (n.getErrorsCount() > 1) detail += " (and " + (n.getErrorsCount() - 1) + " more)";
        return new LiveEvent.NackError(detail, resource, e.getField().isEmpty() ? null : e.getField());
    }

    private static String resource(ResourceKey k) {
        String kind = k.getKind().name().toLowerCase(Locale.ROOT).replace('_', '-');
        return kind + "/" + (k.getVirtualServer().isEmpty() ? "" : k.getVirtualServer() + "/") + k.getName();
    }
}
