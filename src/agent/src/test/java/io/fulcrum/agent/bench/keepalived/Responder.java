package io.fulcrum.agent.bench.keepalived;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every real server of the benchmark: one listener on port 80 of every local address (the lab routes the real
 * servers' prefix 10.192.0.0/10 to its loopback), answering an HTTP request head with 200 and closing, and
 * taking a TCP check's connect-and-close. It counts the connections: the checks made (the steady client's
 * requests through a VIP, from the {@link Segment}, are not checks). While asked to, it also keeps when each
 * real server (the address a connection came to) was checked, for {@link CheckTiming}.
 */
final class Responder implements AutoCloseable {
    private static final ByteBuf RESPONSE = Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(
            "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n",
            StandardCharsets.US_ASCII));

    private final AtomicLong connections = new AtomicLong();
    private final Map<InetAddress, List<Long>> checkTimes = new HashMap<>();
    private volatile boolean recording;
    private final NioEventLoopGroup boss = new NioEventLoopGroup(1);
    private final NioEventLoopGroup workers = new NioEventLoopGroup(1);
    private final Channel channel;

    Responder(int port) throws InterruptedException {
        channel = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        checked(ch.localAddress(), ch.remoteAddress());
                        ch.pipeline().addLast(new Http());
                    }
                })
                .bind(port)
                .sync()
                .channel();
    }

    private void checked(InetSocketAddress local, InetSocketAddress remote) {
        if (remote != null && remote.getAddress().getHostAddress().equals(Segment.CLIENT_ADDRESS)) return;
        connections.incrementAndGet();
        if (!recording || local == null) return;
        long now = System.nanoTime();
        synchronized (checkTimes) {
            checkTimes
                    .computeIfAbsent(local.getAddress(), a -> new ArrayList<>(4))
                    .add(now);
        }
    }

    /** Starts keeping when each real server is checked (what was kept before is dropped). */
    void recordChecks() {
        synchronized (checkTimes) {
            checkTimes.clear();
        }
        recording = true;
    }

    /** Stops keeping check times; per real server, when it was checked since {@link #recordChecks}. */
    List<List<Long>> stopRecording() {
        recording = false;
        synchronized (checkTimes) {
            List<List<Long>> out = new ArrayList<>(checkTimes.values());
            checkTimes.clear();
            return out;
        }
    }

    /** Check connections accepted so far. */
    long connections() {
        return connections.get();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        boss.shutdownGracefully();
        workers.shutdownGracefully();
    }

    /** Answers once the request head ("\r\n\r\n") is in. */
    private static final class Http extends ChannelInboundHandlerAdapter {
        private int matched;
        private boolean answered;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            try {
                while (b.isReadable() && !answered) {
                    byte c = b.readByte();
                    matched = (c == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (c == '\r' ? 1 : 0);
                    if (matched == 4) {
                        answered = true;
                        ctx.writeAndFlush(RESPONSE.duplicate()).addListener(ChannelFutureListener.CLOSE);
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
