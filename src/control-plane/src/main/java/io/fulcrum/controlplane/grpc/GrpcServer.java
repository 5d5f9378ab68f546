package io.fulcrum.controlplane.grpc;

import io.fulcrum.controlplane.Settings;
import io.fulcrum.controlplane.metrics.GrpcMetrics;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The control plane's gRPC port: the agent stream (fulcrum.agent.v1) and the management API
 * (fulcrum.v1), every {@link BindableService} bean, and server reflection, over TLS with the operator's certificate or a
 * generated self-signed one ({@link TlsMaterial}).
 */
@ApplicationScoped
public class GrpcServer {
    private static final System.Logger LOG = System.getLogger(GrpcServer.class.getName());

    @Inject
    @Any
    Instance<BindableService> services;

    @Inject
    GrpcMetrics metrics;

    private Server server;
    private TlsMaterial tls;

    void start(@Observes @Priority(10) StartupEvent e) throws IOException {
        var config = ConfigProvider.getConfig();
        int port = config.getOptionalValue(Settings.GRPC_PORT, Integer.class).orElse(Settings.GRPC_PORT_DEFAULT);
        String host = config.getOptionalValue(Settings.GRPC_HOST, String.class).orElse(Settings.GRPC_HOST_DEFAULT);
        boolean plaintext =
                config.getOptionalValue(Settings.GRPC_PLAINTEXT, Boolean.class).orElse(false);
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .maxInboundMessageSize(64 << 20);
        if (!plaintext) {
            tls = TlsMaterial.forGrpcPort(
                    k -> config.getOptionalValue(k, String.class).orElse(null));
            b.sslContext(GrpcSslContexts.forServer(
                            tls.certificate().toFile(), tls.key().toFile())
                    .build());
        }
        RemoteAddress peers = new RemoteAddress();
        for (BindableService s : services) b.addService(ServerInterceptors.intercept(s, metrics, peers));
        // server reflection (grpcurl list / describe): the schemas of the services above, which
        // proto/ publishes anyway; it needs no token, as it reveals no data
        b.addService(ServerInterceptors.intercept(ProtoReflectionServiceV1.newInstance(), metrics, peers));
        server = b.build().start();
        LOG.log(Level.DEBUG, () -> "gRPC listening on %s:%d".formatted(host, server.getPort()));
    }

    /** Stops accepting calls and streams, lets running calls finish (5 s at most); called by {@code StopOrder}. */
    public void close() throws InterruptedException {
        if (server != null) {
            server.shutdown();
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) server.shutdownNow();
        }
    }

    /** The port it listens on (the configured one, or the one picked for 0). */
    public int port() {
        return server.getPort();
    }

    /** The certificate and key in use; null when serving plaintext. */
    public TlsMaterial tls() {
        return tls;
    }
}
