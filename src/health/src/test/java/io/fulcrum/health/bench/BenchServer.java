package io.fulcrum.health.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * The real servers of the health check benchmark: one process listening on every address of the
 * benchmark's network namespace (which has only its loopback), TCP port 10000 (accept, close) and HTTP
 * port 10080 (read the request head, answer 200 with a small body, close). Not a test.
 */
public final class BenchServer {
    static final int TCP_PORT = 10000;
    static final int HTTP_PORT = 10080;
    static final ByteBuf RESPONSE = Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(
            "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n",
            StandardCharsets.US_ASCII));

    @ChannelHandler.Sharable
    static final class Closer extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    static final class Http extends ChannelInboundHandlerAdapter {
        private int matched; // bytes of "\r\n\r\n" seen in a row
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

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        NioEventLoopGroup group = new NioEventLoopGroup(threads);
        Closer closer = new Closer();
        new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(closer)
                .bind(TCP_PORT)
                .sync();
        new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new Http());
                    }
                })
                .bind(HTTP_PORT)
                .sync();
        System.out.println("ready");
        Thread.currentThread().join();
    }
}
