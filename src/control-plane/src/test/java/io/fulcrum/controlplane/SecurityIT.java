package io.fulcrum.controlplane;

import static io.fulcrum.controlplane.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fulcrum.api.agent.v1.AgentMessage;
import io.fulcrum.api.agent.v1.AgentServiceGrpc;
import io.fulcrum.api.agent.v1.ControlMessage;
import io.fulcrum.api.agent.v1.Hello;
import io.fulcrum.api.v1.DirectorsGrpc;
import io.fulcrum.api.v1.ListDirectorsRequest;
import io.fulcrum.controlplane.grpc.GrpcServer;
import io.fulcrum.controlplane.grpc.TlsMaterial;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an attacker on the network meets: credentials are scoped (an agent's enrollment token opens the
 * agent stream of its own director and nothing else), a source that keeps guessing tokens is slowed
 * and logged once, gRPC needs TLS with this control plane's certificate, and secrets at rest are
 * readable by their owner only. Sources other than 127.0.0.1 are other loopback addresses, so the
 * rest of the suite (all from 127.0.0.1) is never throttled by these tests.
 */
@QuarkusTest
class SecurityIT {
    @Inject
    GrpcServer grpc;

    private final LogCapture logged = new LogCapture();

    @TempDir
    Path tmp;

    @BeforeEach
    void seed() {
        logged.start();
        Api.deleteAll();
        ResourceCrudIT.seed(); // lb1, lb2, group VI_1, virtual server web
    }

    @AfterEach
    void stopCapture() {
        logged.stop();
    }

    private String enroll(String director) {
        return admin().body("{\"description\":\"security test\"}")
                .post("/api/v1/directors/" + director + "/enrollment-tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
    }

    @Test
    void anEnrollmentTokenOpensItsAgentStreamAndNothingElse() throws Exception {
        String enrollment = enroll("lb1");
        // not a REST credential, for reading or for writing
        Api.as(enrollment).get("/api/v1/directors/lb1").then().statusCode(401);
        Api.as(enrollment)
                .body("{\"name\":\"lb9\",\"managementAddress\":\"10.0.0.9\"}")
                .post("/api/v1/directors")
                .then()
                .statusCode(401);
        // nor one of the management API
        try (var ch = new Channel(tlsChannel("127.0.0.1"))) {
            StatusRuntimeException e = catchThrowableOfType(
                    StatusRuntimeException.class,
                    () -> DirectorsGrpc.newBlockingStub(ch.channel)
                            .withInterceptors(bearer(enrollment))
                            .listDirectors(ListDirectorsRequest.getDefaultInstance()));
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        }
        // an API token, even an admin's, is not an agent's credential
        try (var ch = new Channel(tlsChannel("127.0.0.1"))) {
            assertThat(hello(ch.channel, "lb1", EmbeddedPostgresResource.ADMIN_TOKEN)
                            .getCode())
                    .isEqualTo(Status.Code.UNAUTHENTICATED);
        }
        // and the director's own token, for another director, is refused (its own is accepted: AgentStreamIT)
        try (var ch = new Channel(tlsChannel("127.0.0.1"))) {
            assertThat(hello(ch.channel, "lb2", enrollment).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        }
        assertThat(logged.text()).doesNotContain(enrollment);
    }

    @Test
    void aSourceThatKeepsGuessingTokensIsRefusedWith429AndLoggedOnce() throws Exception {
        String from = "127.0.0.2";
        for (int i = 0; i < 30; i++) {
            assertThat(rawGet(from, "fulcrum_guess-" + i)).startsWith("HTTP/1.1 401");
        }
        // no credentials at all is not a guess: never counted
        for (int i = 0; i < 5; i++) assertThat(rawGet(from, null)).startsWith("HTTP/1.1 401");
        assertThat(rawGet(from, "fulcrum_guess-30")).startsWith("HTTP/1.1 401"); // the 31st guess
        String refused = rawGet(from, "fulcrum_guess-31");
        assertThat(refused)
                .startsWith("HTTP/1.1 429")
                .containsIgnoringCase("content-type: application/problem+json")
                .containsPattern("(?i)retry-after: [1-6]?[0-9]\r\n")
                .contains("too many failed authentications");
        // while refused, a valid token from there is refused too (its guesses would otherwise be answered)
        assertThat(rawGet(from, EmbeddedPostgresResource.ADMIN_TOKEN)).startsWith("HTTP/1.1 429");
        // everyone else is served
        admin().get("/api/v1/revision").then().statusCode(200);
        assertThat(rawGet("127.0.0.4", EmbeddedPostgresResource.ADMIN_TOKEN)).startsWith("HTTP/1.1 200");

        List<String> lines = logged.lines().stream()
                .filter(l -> l.contains("failed authentications from " + from))
                .toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("31 failed authentications").doesNotContain("fulcrum_guess");
    }

    @Test
    void anAgentThatKeepsGuessingEnrollmentTokensIsRefusedOverGrpcToo() throws Exception {
        String from = "127.0.0.3";
        try (var ch = new Channel(tlsChannel(from))) {
            for (int i = 0; i <= 30; i++) {
                assertThat(hello(ch.channel, "lb1", "fulcrum_enroll_guess-" + i).getCode())
                        .isEqualTo(Status.Code.UNAUTHENTICATED);
            }
            Status refused = hello(ch.channel, "lb1", enroll("lb1"));
            assertThat(refused.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(refused.getDescription()).contains("too many failed authentications");
            StatusRuntimeException e = catchThrowableOfType(
                    StatusRuntimeException.class,
                    () -> DirectorsGrpc.newBlockingStub(ch.channel)
                            .withInterceptors(bearer(EmbeddedPostgresResource.ADMIN_TOKEN))
                            .listDirectors(ListDirectorsRequest.getDefaultInstance()));
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        }
        assertThat(logged.text()).contains("failed authentications from " + from);
    }

    @Test
    void grpcWithoutTlsOrWithAnotherCertificateIsRefused() throws Exception {
        try (var plain = new Channel(NettyChannelBuilder.forAddress("127.0.0.1", grpc.port())
                .usePlaintext()
                .build())) {
            StatusRuntimeException e = catchThrowableOfType(
                    StatusRuntimeException.class,
                    () -> DirectorsGrpc.newBlockingStub(plain.channel)
                            .withInterceptors(bearer(EmbeddedPostgresResource.ADMIN_TOKEN))
                            .withDeadlineAfter(10, TimeUnit.SECONDS)
                            .listDirectors(ListDirectorsRequest.getDefaultInstance()));
            assertThat(e.getStatus().getCode()).isIn(Status.Code.UNAVAILABLE, Status.Code.INTERNAL);
        }
        // a certificate made for the same names, but not this control plane's
        TlsMaterial impostor = TlsMaterial.resolve(null, null, tmp.resolve("other"), List.of());
        try (var other = new Channel(NettyChannelBuilder.forAddress("localhost", grpc.port())
                .sslContext(GrpcSslContexts.forClient()
                        .trustManager(impostor.certificate().toFile())
                        .build())
                .build())) {
            StatusRuntimeException e = catchThrowableOfType(
                    StatusRuntimeException.class,
                    () -> DirectorsGrpc.newBlockingStub(other.channel)
                            .withInterceptors(bearer(EmbeddedPostgresResource.ADMIN_TOKEN))
                            .withDeadlineAfter(10, TimeUnit.SECONDS)
                            .listDirectors(ListDirectorsRequest.getDefaultInstance()));
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        }
    }

    @Test
    void secretsAtRestAreReadableByTheirOwnerOnly() throws Exception {
        Path data = EmbeddedPostgresResource.DATA;
        assertThat(grpc.tls().key()).startsWith(data);
        assertThat(Files.getPosixFilePermissions(grpc.tls().key()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(data.resolve("postgres/password")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(data.resolve("postgres/cluster")))
                .as("PostgreSQL's own rule for its data directory")
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    /** A GET of /api/v1/revision sent from the loopback address {@code from}; the raw response head. */
    private static String rawGet(String from, String token) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress("127.0.0.1", RestAssured.port), 5_000);
            s.setSoTimeout(10_000);
            String request = "GET /api/v1/revision HTTP/1.1\r\nHost: localhost\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                    + "Connection: close\r\n\r\n";
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A TLS channel trusting this control plane's certificate, connecting from the loopback address {@code from}. */
    private ManagedChannel tlsChannel(String from) throws IOException {
        return NettyChannelBuilder.forAddress("localhost", grpc.port())
                .localSocketPicker(new NettyChannelBuilder.LocalSocketPicker() {
                    @Override
                    public java.net.SocketAddress createSocketAddress(
                            java.net.SocketAddress remote, io.grpc.Attributes attrs) {
                        return new InetSocketAddress(from, 0);
                    }
                })
                .sslContext(GrpcSslContexts.forClient()
                        .trustManager(grpc.tls().certificate().toFile())
                        .build())
                .build();
    }

    private static io.grpc.ClientInterceptor bearer(String token) {
        Metadata m = new Metadata();
        m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return MetadataUtils.newAttachHeadersInterceptor(m);
    }

    /** Says hello on a new agent stream and returns how the control plane ends it (or OK if it does not). */
    private static Status hello(ManagedChannel channel, String director, String token) throws Exception {
        CompletableFuture<Status> ended = new CompletableFuture<>();
        StreamObserver<AgentMessage> out = AgentServiceGrpc.newStub(channel).connect(new StreamObserver<>() {
            @Override
            public void onNext(ControlMessage m) {
                ended.complete(Status.OK); // it was sent its state: accepted
            }

            @Override
            public void onError(Throwable t) {
                ended.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                ended.complete(Status.OK);
            }
        });
        out.onNext(AgentMessage.newBuilder()
                .setHello(Hello.newBuilder().setDirector(director).setToken(token))
                .build());
        try {
            return ended.get(20, TimeUnit.SECONDS);
        } finally {
            try {
                out.onCompleted();
            } catch (IllegalStateException alreadyEnded) {
                // the control plane ended the stream first
            }
        }
    }

    /** A channel closed at the end of a try block. */
    private record Channel(ManagedChannel channel) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
