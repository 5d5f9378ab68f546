package io.fulcrum.controlplane.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;

/**
 * Answers the dashboard's deep links (e.g. {@code /virtual-servers/web}) with its index page, so that a
 * bookmark or a reload opens the page the browser's address names. The REST layer is mounted at the root
 * and answers every path no resource matches with the API's 404 problem before Quinoa's own single-page
 * routing could, hence this filter in front: a GET outside {@code /api/} and {@code /q/} whose last
 * segment has no file extension is re-routed to {@code /} (the address bar keeps the deep link). Files
 * (scripts, styles, icons) and the API are left alone; without the dashboard built in (tests), {@code /}
 * is the API's 404 as before.
 */
public class DeepLinks {
    /** After the headers' filters (CSP), before every route. */
    static final int PRIORITY = 100;

    void register(@Observes Filters filters) {
        filters.register(DeepLinks::route, PRIORITY);
    }

    static void route(RoutingContext rc) {
        if (isDeepLink(rc.request().method(), rc.normalizedPath())) rc.reroute("/");
        else rc.next();
    }

    /** A page of the dashboard rather than a file or an API call. */
    static boolean isDeepLink(HttpMethod method, String path) {
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) return false;
        if (path.equals("/") || path.startsWith("/api/") || path.equals("/api") || path.startsWith("/q/")) return false;
        String last = path.substring(path.lastIndexOf('/') + 1);
        return !last.contains(".");
    }
}
