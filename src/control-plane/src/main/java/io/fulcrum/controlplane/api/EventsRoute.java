package io.fulcrum.controlplane.api;

import io.fulcrum.controlplane.auth.AuthThrottle;
import io.fulcrum.controlplane.auth.TokenService;
import io.fulcrum.controlplane.events.EventJson;
import io.fulcrum.controlplane.events.EventQuery;
import io.fulcrum.controlplane.events.Sequenced;
import io.fulcrum.controlplane.events.Subscription;
import io.fulcrum.controlplane.events.Watches;
import io.fulcrum.controlplane.service.ApiProblem;
import io.fulcrum.model.Enums.Role;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code GET /api/v1/events}: the event source as server-sent events (openapi.yaml, docs/events.md).
 * A Vert.x route rather than a JAX-RS resource, so that it writes to the response only while the
 * connection can take more ({@code writeQueueFull}, the drain handler): a client that does not read
 * fills its bounded queue in the hub, not the server's buffers. Authentication and problems are the
 * API's own ({@link TokenService}, {@link Problems}); any role may watch.
 */
@ApplicationScoped
public class EventsRoute {
    public static final String PATH = "/api/v1/events";

    @Inject
    TokenService tokens;

    @Inject
    Watches watches;

    void register(@Observes Router router) {
        router.get(PATH).order(-1).blockingHandler(this::handle, false);
    }

    private void handle(RoutingContext rc) {
        HttpServerResponse response = rc.response();
        EventQuery q;
        ManagedContext scope = Arc.container().requestContext();
        scope.activate();
        try {
            tokens.authorize(
                    rc.request().getHeader(HttpHeaders.AUTHORIZATION),
                    Role.VIEWER,
                    "this API needs an Authorization: Bearer token",
                    rc.request().remoteAddress() == null
                            ? null
                            : rc.request().remoteAddress().hostAddress());
            if (!acceptable(rc.request().getHeader(HttpHeaders.ACCEPT)))
                throw new ApiProblem(
                        406,
                        "Not Acceptable",
                        "this resource answers in text/event-stream, errors in application/problem+json",
                        List.of());
            q = EventQuery.parse(
                    rc.request().getParam("since"),
                    rc.request().getParam("types"),
                    rc.request().getHeader("Last-Event-ID"));
        } catch (RuntimeException e) {
            problem(response, ApiProblem.of(e));
            return;
        } finally {
            scope.terminate();
        }
        response.setStatusCode(200)
                .setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .putHeader("X-Accel-Buffering", "no");
        SseSink sink = new SseSink(response, rc.request().connection());
        // the handlers before the watch opens: opening writes the replay, and a full write queue leaves
        // the drain handler as the only thing that starts writing again
        response.closeHandler(v -> sink.ifWatching(Subscription::cancel));
        response.exceptionHandler(t -> sink.ifWatching(Subscription::cancel));
        response.drainHandler(v -> sink.ifWatching(Subscription::drain));
        try {
            sink.watch = watches.open(q, sink);
        } catch (Exception e) {
            problem(
                    response,
                    new ApiProblem(503, "Unavailable", "the audit trail cannot be read; try again", List.of()));
            return;
        }
        // the headers now, so that the client knows it is following before the first event
        response.write(": following\n\n");
        if (response.closed()) sink.watch.cancel();
    }

    /**
     * An Accept header that allows an event stream: none, a wildcard, text/event-stream, or the types every
     * operation of the API accepts (application/json, application/problem+json; openapi.yaml NotAcceptable).
     */
    static boolean acceptable(String accept) {
        if (accept == null || accept.isBlank()) return true;
        for (String range : accept.split(",")) {
            String type = range.split(";")[0].trim().toLowerCase(Locale.ROOT);
            if (ACCEPTABLE.contains(type)) return true;
        }
        return false;
    }

    private static final Set<String> ACCEPTABLE =
            Set.of("text/event-stream", "*/*", "text/*", "application/json", "application/problem+json");

    private static void problem(HttpServerResponse response, ApiProblem p) {
        response.setStatusCode(p.status).putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE);
        if (p.status == 401) response.putHeader("WWW-Authenticate", "Bearer realm=\"fulcrum\"");
        if (p instanceof AuthThrottle.Refused r) response.putHeader("Retry-After", Long.toString(r.retryAfterSeconds));
        response.end(Problems.json(p.status, p.title, p.getMessage(), p.errors).toString());
    }

    /** One client's response as a watcher's sink. */
    private static final class SseSink implements Subscription.Sink {
        private final HttpServerResponse response;
        private final HttpConnection connection;
        volatile Subscription watch;

        SseSink(HttpServerResponse response, HttpConnection connection) {
            this.response = response;
            this.connection = connection;
        }

        /** {@code action} on the watch once it is open (a transport event may come before). */
        void ifWatching(Consumer<Subscription> action) {
            Subscription w = watch;
            if (w != null) action.accept(w);
        }

        @Override
        public boolean ready() {
            return !response.closed() && !response.writeQueueFull();
        }

        @Override
        public void write(List<Sequenced> batch) {
            // one buffer, one write (and flush) for the whole batch, of each event's kept bytes
            byte[][] events = new byte[batch.size()][];
            int size = 0;
            for (int i = 0; i < events.length; i++)
                size += (events[i] = batch.get(i).encoded(EventJson.SSE)).length;
            Buffer b = Buffer.buffer(size);
            for (byte[] e : events) b.appendBytes(e);
            response.write(b);
        }

        @Override
        public void keepAlive() {
            response.write(": keep-alive\n\n");
        }

        @Override
        public void end() {
            if (!response.closed()) response.end();
        }

        @Override
        public void abort() {
            connection.close();
        }
    }
}
