package io.fulcrum.controlplane;

import io.fulcrum.controlplane.agents.AgentHub;
import io.fulcrum.controlplane.events.EventHub;
import io.fulcrum.controlplane.events.EventRelay;
import io.fulcrum.controlplane.events.RevisionEvents;
import io.fulcrum.controlplane.grpc.GrpcServer;
import io.fulcrum.controlplane.service.revision.RevisionFeed;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;

/**
 * The one owner of the control plane's stop order, on Quarkus's {@link ShutdownEvent} (the control
 * plane has no JVM shutdown hook of its own). In this order, each part closed even if an earlier one
 * failed:
 * <ol>
 *   <li>the gRPC port ({@link GrpcServer}) stops accepting agents and management calls and lets
 *       running calls finish;</li>
 *   <li>the agents' streams are closed ({@link AgentHub}: UNAVAILABLE, so agents reconnect to
 *       another replica), its push thread stops and the ACKs it has not yet written are written;</li>
 *   <li>the event relay ({@link EventRelay}) sends what it has queued (the disconnects, for a
 *       second at most) to the other replicas and its thread stops;</li>
 *   <li>the revision feed ({@link RevisionFeed}) stops listening;</li>
 *   <li>the event source: its revision reader ({@link RevisionEvents}) stops, then every watcher's
 *       stream ends and its timer stops ({@link EventHub});</li>
 *   <li>the embedded PostgreSQL, when this process started it ({@link FulcrumMain}), stops last.</li>
 * </ol>
 * Quarkus then stops the HTTP server and closes the connection pool.
 */
@ApplicationScoped
public class StopOrder {
    private static final System.Logger LOG = System.getLogger(StopOrder.class.getName());

    @Inject
    GrpcServer grpc;

    @Inject
    AgentHub agents;

    @Inject
    RevisionFeed feed;

    @Inject
    RevisionEvents revisionEvents;

    @Inject
    EventRelay relay;

    @Inject
    EventHub events;

    private interface Part {
        void close() throws Exception;
    }

    void stop(@Observes ShutdownEvent e) {
        close("the gRPC port", grpc::close);
        close("the agents' streams", agents::close);
        close("the event relay", relay::close);
        close("the revision feed", feed::close);
        close("the revision events", revisionEvents::close);
        close("the event streams", events::close);
        close("the embedded PostgreSQL", FulcrumMain::stopEmbeddedDatabase);
    }

    private static void close(String what, Part part) {
        try {
            part.close();
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            LOG.log(Level.WARNING, "stopping " + what + " was interrupted");
        } catch (Exception ex) {
            LOG.log(Level.ERROR, "stopping " + what + " failed", ex);
        }
    }
}
