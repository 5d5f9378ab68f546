package io.fulcrum.agent.bench.keepalived;

/**
 * One call of the control plane's REST API (openapi.yaml) the benchmark makes: the whole fleet applied as a
 * document, or one change as the one resource it touches (a real server's weight: PUT of that real server;
 * a real server added: POST to its virtual server's real servers). {@link #encode} and {@link #decode} carry
 * it through {@link Subject#render} and {@link Subject#change} as text.
 */
public record RestCall(String method, String path, String body) {
    public static final String API = "/api/v1";

    /** The whole fleet as the control plane's desired state: what it does not name is pruned. */
    public static RestCall apply(Fleet fleet) {
        return new RestCall("PUT", API + "/config?prune=true", fleet.documentJson());
    }

    /** {@code change} as the one REST call an operator (or a deployment tool) makes for it. */
    public static RestCall of(Change change) {
        String vs = API + "/virtual-servers/vs-" + change.service() + "/real-servers";
        String name = "rs-" + change.dest();
        String body = "{\"name\":\"" + name + "\",\"address\":\""
                + Fleet.realServerAddress(change.service(), change.dest()) + "\",\"port\":" + Fleet.PORT
                + ",\"weight\":" + change.weight() + "}";
        return change.addition() ? new RestCall("POST", vs, body) : new RestCall("PUT", vs + "/" + name, body);
    }

    /** "METHOD PATH", a new line, the body. */
    public String encode() {
        return method + " " + path + "\n" + body;
    }

    public static RestCall decode(String text) {
        int nl = text.indexOf('\n');
        int sp = text.indexOf(' ');
        if (nl < 0 || sp < 0 || sp > nl) throw new IllegalArgumentException("not an encoded REST call: " + text);
        return new RestCall(text.substring(0, sp), text.substring(sp + 1, nl), text.substring(nl + 1));
    }
}
