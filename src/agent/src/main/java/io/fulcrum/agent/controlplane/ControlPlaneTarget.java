package io.fulcrum.agent.controlplane;

import io.fulcrum.model.Addresses;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the control plane's gRPC port is: {@code host:port} or {@code https://host:port} (TLS),
 * {@code http://host:port} (plaintext, for a loopback test). An IPv6 address is written in brackets;
 * without a port, the control plane's default {@value #DEFAULT_PORT}.
 */
public record ControlPlaneTarget(String host, int port, boolean tls) {
    public static final int DEFAULT_PORT = 9443;
    /** The largest message the agent accepts: a full snapshot of a big director. */
    static final int MAX_MESSAGE_BYTES = 64 << 20;

    private static final Pattern HOST_PORT =
            Pattern.compile("(\\[[0-9A-Fa-f:.%\\w]+\\]|[A-Za-z0-9][A-Za-z0-9.-]*)(?::(\\d{1,5}))?");

    /** @throws IllegalArgumentException saying what is wrong with {@code url} */
    public static ControlPlaneTarget parse(String url) {
        String rest = url.trim();
        boolean tls = true;
        if (rest.regionMatches(true, 0, "https://", 0, 8)) {
            rest = rest.substring(8);
        } else if (rest.regionMatches(true, 0, "http://", 0, 7)) {
            rest = rest.substring(7);
            tls = false;
        } else if (rest.contains("://")) {
            throw new IllegalArgumentException("'" + url + "' is not https://HOST:PORT, http://HOST:PORT or HOST:PORT");
        }
        if (rest.endsWith("/")) rest = rest.substring(0, rest.length() - 1);
        Matcher m = HOST_PORT.matcher(rest);
        if (!m.matches())
            throw new IllegalArgumentException("'" + url + "' is not https://HOST:PORT, http://HOST:PORT or HOST:PORT");
        String host = m.group(1);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
            if (Addresses.parse(host).isEmpty())
                throw new IllegalArgumentException("'" + url + "': " + host + " is not an IPv6 address");
        }
        int port = m.group(2) == null ? DEFAULT_PORT : Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535)
            throw new IllegalArgumentException("'" + url + "': port " + port + " is not from 1 to 65535");
        return new ControlPlaneTarget(host, port, tls);
    }

    @Override
    public String toString() {
        return (tls ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * A channel to the control plane (grpc-netty-shaded). TLS trusts {@code ca} (PEM: the control
     * plane's self-signed certificate or an operator CA), else the JVM's default trust store;
     * {@code serverName} (may be null) is the name the certificate must carry when it differs from the host.
     */
    public ManagedChannel channel(Path ca, String serverName, String userAgent) throws IOException {
        ChannelCredentials credentials = !tls
                ? InsecureChannelCredentials.create()
                : ca == null
                        ? TlsChannelCredentials.create()
                        : TlsChannelCredentials.newBuilder()
                                .trustManager(ca.toFile())
                                .build();
        ManagedChannelBuilder<?> b = Grpc.newChannelBuilderForAddress(host, port, credentials)
                .userAgent(userAgent)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                // the control plane permits a ping every 10 s; a dead peer is noticed within 40 s
                .keepAliveTime(30, TimeUnit.SECONDS)
                .keepAliveTimeout(10, TimeUnit.SECONDS);
        if (serverName != null) b.overrideAuthority(serverName);
        return b.build();
    }
}
