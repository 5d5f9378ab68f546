package io.fulcrum.health.probe;

import io.fulcrum.health.spec.CheckSpec;
import io.fulcrum.runtime.Durations;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * keepalived UDP_CHECK: one datagram to a connected UDP socket. With an expected answer, the reply
 * must contain it. Without one, the server passes when it replies or when the timeout passes without
 * an ICMP port-unreachable (RFC 1122 §4.1.3.1: the error a closed port returns), which the connected
 * socket reports.
 */
final class UdpAttempt extends Attempt {
    private final CheckSpec.Udp udp;
    private final Duration timeout;

    UdpAttempt(Duration timeout, CheckSpec.Udp udp) {
        super(timeout);
        this.udp = udp;
        this.timeout = timeout;
    }

    void send() {
        stage = "waiting for a reply";
        channel.writeAndFlush(Unpooled.copiedBuffer(udp.send(), StandardCharsets.UTF_8))
                .addListener(f -> {
                    if (!f.isSuccess()) fail(Failures.describe(f.cause()) + " sending the datagram");
                });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (result.isDone()) return;
            String got = ((DatagramPacket) msg).content().toString(StandardCharsets.UTF_8);
            if (udp.expect() == null || got.contains(udp.expect())) pass("reply of " + got.length() + " bytes");
            else
                fail("reply " + SmtpAttempt.printable(got) + " does not contain "
                        + SmtpAttempt.printable(udp.expect()));
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    void finish(ProbeResult r) {
        // without an expected reply, silence until the deadline is a pass (no ICMP error came back)
        if (!r.ok() && udp.expect() == null && r.reason().startsWith("timeout after")) {
            r = ProbeResult.ok("no reply and no ICMP error within " + Durations.text(timeout));
        }
        super.finish(r);
    }
}
