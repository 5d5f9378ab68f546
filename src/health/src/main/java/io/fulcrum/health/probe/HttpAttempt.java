package io.fulcrum.health.probe;

import io.fulcrum.health.spec.CheckSpec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * keepalived HTTP_GET / SSL_GET for one url: an HTTP/1.0 GET with {@code Connection: close} (as
 * keepalived sends it, so the body arrives unchunked), then the status against the expected codes, the
 * MD5 of the body as genhash prints it (lower-case hex of the raw body bytes), a substring and a
 * regular expression, each optional.
 */
final class HttpAttempt extends Attempt {
    /**
     * How much of a body {@code bodyContains} and {@code bodyRegex} look at: its first 64 KiB (the rest is
     * not kept). The digest still covers the whole body, streamed. Bounds the memory a check holds and
     * the text a regular expression runs over, on the event loop.
     */
    static final int MAX_BODY_TEXT = 64 * 1024;
    /**
     * Characters a regular expression may read while matching, re-reads by backtracking included: a
     * linear pattern reads the 64 KiB a few times; a pattern that backtracks without end (such as
     * {@code (a|aa)*b}) fails the check after this many instead of holding the event loop.
     */
    static final long MAX_REGEX_STEPS = 10_000_000;

    private final CheckSpec.Url url;
    private final String host;
    private final Pattern regex;
    private MessageDigest md5;
    private ByteArrayOutputStream body;
    private final boolean tls;
    private int status;

    HttpAttempt(Duration timeout, CheckSpec.Url url, String host, Pattern regex, boolean tls) {
        super(timeout);
        this.url = url;
        this.host = host;
        this.regex = regex;
        this.tls = tls;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // with TLS the request waits in the SslHandler until the handshake is done (which sets the next stage)
        stage = tls ? "during the TLS handshake" : "waiting for the response";
        var req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, url.path());
        req.headers()
                .set(HttpHeaderNames.HOST, host)
                .set(HttpHeaderNames.USER_AGENT, "fulcrum-health")
                .set(HttpHeaderNames.CONNECTION, "close");
        ctx.writeAndFlush(req).addListener(f -> {
            if (!f.isSuccess()) fail(Failures.describe(f.cause()) + " sending the request");
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (result.isDone()) return;
            if (msg instanceof HttpResponse r) {
                if (r.decoderResult().isFailure()) {
                    fail("malformed response: "
                            + Failures.describe(r.decoderResult().cause()));
                    return;
                }
                status = r.status().code();
                if (url.statusCodes().stream().noneMatch(c -> c.contains(status))) {
                    fail("status " + status + " not in " + url.statusCodes() + " on " + url.path());
                    return;
                }
                stage = "reading the body";
                if (url.digest() != null) md5 = md5();
                if (url.bodyContains() != null || regex != null) body = new ByteArrayOutputStream();
            }
            if (msg instanceof HttpContent c) {
                if (c.decoderResult().isFailure()) {
                    fail("malformed response: "
                            + Failures.describe(c.decoderResult().cause()));
                    return;
                }
                ByteBuf b = c.content();
                if (b.isReadable()) {
                    if (md5 != null) md5.update(b.nioBuffer());
                    if (body != null && body.size() < MAX_BODY_TEXT) {
                        int n = Math.min(b.readableBytes(), MAX_BODY_TEXT - body.size());
                        byte[] chunk = new byte[n];
                        b.getBytes(b.readerIndex(), chunk);
                        body.write(chunk, 0, n);
                    }
                }
                if (msg instanceof LastHttpContent) verdict();
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void verdict() {
        if (md5 != null) {
            String got = HexFormat.of().formatHex(md5.digest());
            if (!got.equals(url.digest())) {
                fail("digest mismatch on " + url.path() + ": got " + got + ", expected " + url.digest());
                return;
            }
        }
        if (body != null) {
            String text = body.toString(StandardCharsets.UTF_8);
            if (url.bodyContains() != null && !text.contains(url.bodyContains())) {
                fail("body of " + url.path() + " does not contain \"" + url.bodyContains() + "\"");
                return;
            }
            if (regex != null) {
                boolean found;
                try {
                    found = regex.matcher(new BoundedText(text, MAX_REGEX_STEPS))
                            .find();
                } catch (BoundedText.TooLong e) {
                    fail("body of " + url.path() + ": /" + regex.pattern() + "/ gave up after " + MAX_REGEX_STEPS
                            + " steps (it backtracks too much)");
                    return;
                }
                if (!found) {
                    fail("body of " + url.path() + " does not match /" + regex.pattern() + "/");
                    return;
                }
            }
        }
        pass("status " + status + " on " + url.path());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        fail("connection closed " + ("waiting for the response".equals(stage) ? "before the response" : stage));
        ctx.fireChannelInactive();
    }

    /** The body's text for a regular expression that may read {@code budget} characters in all, then stops it. */
    static final class BoundedText implements CharSequence {
        static final class TooLong extends RuntimeException {
            TooLong() {
                super(null, null, false, false);
            }
        }

        private final String text;
        private final long[] left; // shared with sub-sequences

        BoundedText(String text, long budget) {
            this(text, new long[] {budget});
        }

        private BoundedText(String text, long[] left) {
            this.text = text;
            this.left = left;
        }

        @Override
        public char charAt(int index) {
            if (--left[0] < 0) throw new TooLong();
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BoundedText(text.substring(start, end), left);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }
}
