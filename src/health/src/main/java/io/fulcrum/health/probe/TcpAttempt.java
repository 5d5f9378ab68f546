package io.fulcrum.health.probe;

import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;

/** keepalived TCP_CHECK: the three-way handshake completes. */
final class TcpAttempt extends Attempt {
    TcpAttempt(Duration timeout) {
        super(timeout);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        pass("connected");
    }
}
