package io.fulcrum.health.probe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * keepalived SMTP_CHECK: the 220 greeting, HELO answered 250, then QUIT (RFC 5321 §4.2: a reply is a
 * three-digit code, "-" after the code on every line of a multi-line reply but the last; §4.3.2: 220
 * on connection, 250 to HELO). Lines arrive framed by a {@code LineBasedFrameDecoder}.
 */
final class SmtpAttempt extends Attempt {
    private final String helo;
    private boolean heloSent;

    SmtpAttempt(Duration timeout, String helo) {
        super(timeout);
        this.helo = helo;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        stage = "waiting for the greeting";
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (result.isDone()) return;
            String line = ((ByteBuf) msg).toString(StandardCharsets.US_ASCII);
            if (line.length() < 3 || !Character.isDigit(line.charAt(0))) {
                fail("not an SMTP reply " + stage + ": " + printable(line));
                return;
            }
            if (line.length() > 3 && line.charAt(3) == '-') return; // more lines of this reply follow
            String code = line.substring(0, 3);
            if (!heloSent) {
                if (!code.equals("220")) {
                    fail("greeting " + printable(line) + " (expected 220)");
                    return;
                }
                heloSent = true;
                stage = "waiting for the HELO reply";
                send(ctx, "HELO " + helo + "\r\n");
            } else {
                if (!code.equals("250")) {
                    fail("HELO answered " + printable(line) + " (expected 250)");
                    return;
                }
                send(ctx, "QUIT\r\n");
                pass("greeting 220, HELO 250");
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void send(ChannelHandlerContext ctx, String s) {
        ctx.writeAndFlush(Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII));
    }

    static String printable(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return "\"" + t.replaceAll("[^\\x20-\\x7e]", "?") + "\"";
    }
}
