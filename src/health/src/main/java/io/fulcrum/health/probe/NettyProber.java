package io.fulcrum.health.probe;

import io.fulcrum.health.spec.CheckSpec;
import io.fulcrum.model.Addresses;
import io.fulcrum.model.Enums.CheckType;
import io.fulcrum.scripts.ScriptRunner;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.dns.DatagramDnsQueryEncoder;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * The network probes on Netty's NIO transport (no native code): every probe is a channel on the
 * shared event loop group, bounded by the spec's timeout, so thousands run on one or two threads.
 * Misc checks go to a {@link ScriptRunner} when one is given.
 */
public final class NettyProber implements Prober {
    private final EventLoopGroup group;
    private final ScriptRunner scripts;
    private final Executor pings;
    private final Bootstrap udp;
    private volatile SslContext trustingTls; // built on first use: most directors run no https check
    private volatile SslContext verifyingTls;
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    public NettyProber(EventLoopGroup group, ScriptRunner scripts) {
        this(group, scripts, null);
    }

    /** {@code pings}: where ping checks block on their echo (null: this director runs none, e.g. not root). */
    public NettyProber(EventLoopGroup group, ScriptRunner scripts, Executor pings) {
        this.group = group;
        this.scripts = scripts;
        this.pings = pings;
        this.udp = new Bootstrap().group(group).channel(NioDatagramChannel.class);
    }

    @Override
    public Set<CheckType> types() {
        EnumSet<CheckType> t = EnumSet.of(
                CheckType.TCP, CheckType.HTTP, CheckType.HTTPS, CheckType.SMTP, CheckType.DNS, CheckType.UDP);
        if (scripts != null) t.add(CheckType.MISC);
        if (pings != null) t.add(CheckType.PING);
        return t;
    }

    @Override
    public CompletionStage<ProbeResult> probe(CheckSpec s) {
        return switch (s.type()) {
            case TCP -> tcp(s);
            case HTTP, HTTPS -> http(s, 0);
            case SMTP -> smtp(s);
            case DNS -> dns(s);
            case UDP -> udp(s);
            case MISC ->
                scripts != null
                        ? MiscCheck.run(scripts, s)
                        : CompletableFuture.completedFuture(ProbeResult.fail("misc checks are not enabled"));
            case PING ->
                pings != null
                        ? PingCheck.run(s, pings)
                        : CompletableFuture.completedFuture(ProbeResult.fail("ping checks are not enabled"));
            case NONE -> CompletableFuture.completedFuture(ProbeResult.ok("no check"));
        };
    }

    private CompletionStage<ProbeResult> tcp(CheckSpec s) {
        TcpAttempt a = new TcpAttempt(s.timeout());
        // close with RST (SO_LINGER 0), as HAProxy's checks do: no TIME_WAIT left per check on the director
        connect(s, a, true, ch -> ch.pipeline().addLast(a));
        return a.result;
    }

    /** The urls one after the other, each on its own connection; the first failure is the verdict. */
    private CompletionStage<ProbeResult> http(CheckSpec s, int index) {
        CheckSpec.Http h = (CheckSpec.Http) s.params();
        CheckSpec.Url url = h.urls().get(index);
        Pattern re = url.bodyRegex() == null ? null : patterns.computeIfAbsent(url.bodyRegex(), Pattern::compile);
        HttpAttempt a = new HttpAttempt(s.timeout(), url, hostHeader(s, h), re, h.tls());
        connect(s, a, false, ch -> {
            if (h.tls()) ch.pipeline().addLast(ssl(ch, s, h, a));
            ch.pipeline().addLast(new HttpClientCodec(4096, 16384, 16384), a);
        });
        if (index + 1 == h.urls().size()) return a.result;
        return a.result.thenCompose(r -> r.ok() ? http(s, index + 1) : CompletableFuture.completedFuture(r));
    }

    /** keepalived's Host header: the virtual host, else the address; the port unless it is the scheme's default. */
    static String hostHeader(CheckSpec s, CheckSpec.Http h) {
        String host = h.virtualHost() != null ? h.virtualHost() : Addresses.format(s.address());
        if (h.virtualHost() == null && s.address() instanceof Inet6Address) host = "[" + host + "]";
        int dflt = h.tls() ? 443 : 80;
        return s.port() == dflt ? host : host + ":" + s.port();
    }

    private SslHandler ssl(SocketChannel ch, CheckSpec s, CheckSpec.Http h, HttpAttempt a) {
        String name = h.sni() != null
                ? h.sni()
                : h.virtualHost() != null && !looksLikeAddress(h.virtualHost()) ? h.virtualHost() : null;
        String peer = name != null ? name : Addresses.format(s.address());
        SslHandler handler = tls(h.tlsVerify()).newHandler(ch.alloc(), peer, s.port());
        handler.setHandshakeTimeoutMillis(0); // bounded by the attempt's deadline
        SSLEngine engine = handler.engine();
        SSLParameters p = engine.getSSLParameters();
        if (name != null) p.setServerNames(List.of(new SNIHostName(name)));
        if (h.tlsVerify()) p.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(p);
        handler.handshakeFuture().addListener(f -> {
            if (f.isSuccess()) a.stage = "waiting for the response";
            else a.fail("TLS handshake failed: " + Failures.describe(f.cause()).replaceFirst("^TLS failed: ", ""));
        });
        return handler;
    }

    /** keepalived SSL_GET does not verify certificates unless asked to. */
    private SslContext tls(boolean verify) {
        SslContext c = verify ? verifyingTls : trustingTls;
        if (c != null) return c;
        synchronized (this) {
            try {
                if (verify) {
                    if (verifyingTls == null)
                        verifyingTls = SslContextBuilder.forClient().build();
                    return verifyingTls;
                }
                if (trustingTls == null)
                    trustingTls = SslContextBuilder.forClient()
                            .trustManager(InsecureTrustManagerFactory.INSTANCE)
                            .build();
                return trustingTls;
            } catch (SSLException e) {
                throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
            }
        }
    }

    private static boolean looksLikeAddress(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    private CompletionStage<ProbeResult> smtp(CheckSpec s) {
        SmtpAttempt a = new SmtpAttempt(s.timeout(), ((CheckSpec.Smtp) s.params()).heloName());
        connect(s, a, false, ch -> ch.pipeline().addLast(new LineBasedFrameDecoder(2048), a));
        return a.result;
    }

    private CompletionStage<ProbeResult> dns(CheckSpec s) {
        InetSocketAddress server = new InetSocketAddress(s.address(), s.port());
        DnsAttempt a = new DnsAttempt(s.timeout(), (CheckSpec.Dns) s.params(), server);
        datagram(
                s,
                a,
                () -> new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new DatagramDnsQueryEncoder(), new DatagramDnsResponseDecoder(), a);
                    }
                },
                a::send);
        return a.result;
    }

    private CompletionStage<ProbeResult> udp(CheckSpec s) {
        UdpAttempt a = new UdpAttempt(s.timeout(), (CheckSpec.Udp) s.params());
        datagram(s, a, () -> a, a::send);
        return a.result;
    }

    /**
     * Opens a TCP channel for one attempt without a Bootstrap (no option map copied, no resolver: the
     * address is known): configure, add the handlers, register, connect. Connect timeouts are the
     * attempt's own deadline ({@link Attempt}), not a second Netty timer.
     */
    private void connect(CheckSpec s, Attempt a, boolean reset, Consumer<SocketChannel> handlers) {
        NioSocketChannel ch = null;
        try {
            ch = new NioSocketChannel();
            ch.config().setTcpNoDelay(true).setConnectTimeoutMillis(0);
            if (reset) ch.config().setSoLinger(0);
            handlers.accept(ch);
        } catch (RuntimeException e) {
            if (ch != null) ch.unsafe().closeForcibly();
            a.connectFailed(e);
            return;
        }
        NioSocketChannel opened = ch;
        group.register(opened).addListener(reg -> {
            if (!reg.isSuccess()) {
                opened.unsafe().closeForcibly();
                a.connectFailed(reg.cause());
                return;
            }
            InetSocketAddress remote = new InetSocketAddress(s.address(), s.port());
            ChannelFuture f = s.bindAddress() == null
                    ? opened.connect(remote)
                    : opened.connect(remote, new InetSocketAddress(s.bindAddress(), 0));
            f.addListener((ChannelFuture cf) -> {
                if (!cf.isSuccess()) a.connectFailed(cf.cause());
                else if (a.result.isDone()) opened.close(); // the deadline passed while connecting
            });
        });
    }

    private void datagram(CheckSpec s, Attempt a, Supplier<ChannelHandler> handler, Runnable send) {
        InetSocketAddress remote = new InetSocketAddress(s.address(), s.port());
        Bootstrap b = udp.clone().handler(handler.get());
        ChannelFuture f = s.bindAddress() == null
                ? b.connect(remote)
                : b.connect(remote, new InetSocketAddress(s.bindAddress(), 0));
        f.addListener((ChannelFuture cf) -> {
            if (!cf.isSuccess()) a.connectFailed(cf.cause());
            else if (a.result.isDone()) cf.channel().close();
            else send.run();
        });
    }
}
