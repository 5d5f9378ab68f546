package io.fulcrum.agent.bench.keepalived;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fulcrum as the product runs it: the control plane on the host (started by src/benchmarks/keepalived.sh,
 * packaged jar, embedded PostgreSQL) and the agent in the lab connected to it over gRPC (TLS, its enrollment
 * token). Start: the fleet applied through REST as one document ({@code PUT /api/v1/config?prune=true}), then
 * the agent started. A change: the one REST call for the resource it touches ({@link RestCall#of}); the control
 * plane pushes the changed virtual server to the agent.
 */
final class ControlPlaneSubject implements Subject {
    /**
     * Where the control plane is, from the environment keepalived.sh gives the benchmark: BENCH_CP_HTTP (the
     * REST API's base, e.g. http://10.0.2.2:PORT), BENCH_CP_GRPC (https://10.0.2.2:PORT), BENCH_CP_CA (its gRPC
     * certificate), BENCH_CP_TOKEN_FILE (lb1's enrollment token) and BENCH_CP_ADMIN (the REST API's admin token).
     */
    record Endpoint(String http, String grpc, Path ca, Path tokenFile, String adminToken) {
        static Optional<Endpoint> from(Map<String, String> env) {
            List<String> keys =
                    List.of("BENCH_CP_HTTP", "BENCH_CP_GRPC", "BENCH_CP_CA", "BENCH_CP_TOKEN_FILE", "BENCH_CP_ADMIN");
            if (!keys.stream().allMatch(k -> env.getOrDefault(k, "").length() > 0)) return Optional.empty();
            return Optional.of(new Endpoint(
                    env.get("BENCH_CP_HTTP"),
                    env.get("BENCH_CP_GRPC"),
                    Path.of(env.get("BENCH_CP_CA")),
                    Path.of(env.get("BENCH_CP_TOKEN_FILE")),
                    env.get("BENCH_CP_ADMIN")));
        }
    }

    private final Endpoint endpoint;
    private final AgentSubject agent;
    private final Duration timeout;
    private final HttpClient http;

    ControlPlaneSubject(Endpoint endpoint, AgentSubject agent, Duration timeout) {
        this.endpoint = endpoint;
        this.agent = agent;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
    }

    @Override
    public String name() {
        return "Fulcrum (control plane)";
    }

    @Override
    public void start(Fleet fleet) throws IOException {
        send(RestCall.apply(fleet));
        agent.launch(List.of(
                "--control-plane",
                endpoint.grpc(),
                "--ca",
                endpoint.ca().toString(),
                "--token-file",
                endpoint.tokenFile().toString()));
    }

    @Override
    public String render(Change change) {
        return RestCall.of(change).encode();
    }

    @Override
    public void change(String rendered) throws IOException {
        send(RestCall.decode(rendered));
    }

    /** Makes {@code call} with the admin token; it must answer 2xx. */
    void send(RestCall call) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.http() + call.path()))
                .timeout(timeout)
                .header("Authorization", "Bearer " + endpoint.adminToken())
                .header("Content-Type", "application/json")
                .method(call.method(), HttpRequest.BodyPublishers.ofString(call.body()))
                .build();
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (r.statusCode() / 100 != 2)
            throw new IOException(call.method() + " " + call.path() + ": HTTP " + r.statusCode() + " "
                    + Measurements.tail(r.body(), 2000));
    }

    @Override
    public long checkerPid() {
        return agent.checkerPid();
    }

    @Override
    public List<Long> pids() {
        return agent.pids();
    }

    @Override
    public String log() throws IOException {
        return agent.log();
    }

    @Override
    public boolean alive() {
        return agent.alive();
    }

    @Override
    public void close() {
        agent.close();
    }
}
