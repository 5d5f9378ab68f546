package io.fulcrum.health.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.health.spec.CheckSpec;
import io.fulcrum.model.HealthCheck;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An HTTP check's verdict on a response fed to it directly (no network): the body checks and their bounds. */
class HttpAttemptTest {
    static final int MIB = 1 << 20;

    /** The verdict on a 200 response with {@code body}, sent in 16 KiB chunks. */
    static ProbeResult verdict(String contains, String regex, String digest, byte[] body) {
        CheckSpec.Url url = new CheckSpec.Url("/", List.of(HealthCheck.StatusRange.of(200)), digest, contains, regex);
        HttpAttempt a = new HttpAttempt(
                Duration.ofSeconds(5), url, "10.0.0.1", regex == null ? null : Pattern.compile(regex), false);
        EmbeddedChannel ch = new EmbeddedChannel(a);
        try {
            ch.writeInbound(new DefaultHttpResponse(HttpVersion.HTTP_1_0, HttpResponseStatus.OK));
            for (int off = 0; off < body.length && !a.result.isDone(); off += 16384) {
                ch.writeInbound(
                        new DefaultHttpContent(Unpooled.wrappedBuffer(body, off, Math.min(16384, body.length - off))));
            }
            if (!a.result.isDone()) ch.writeInbound(new DefaultLastHttpContent());
            assertThat(a.result).as("a verdict once the body has arrived").isDone();
            return a.result.join();
        } finally {
            for (Object o; (o = ch.readOutbound()) != null; ) ReferenceCountUtil.release(o); // the request
            ch.finishAndReleaseAll();
        }
    }

    /** {@code size} bytes of 'x' with {@code marker} at {@code at}. */
    static byte[] body(int size, String marker, int at) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) 'x');
        byte[] m = marker.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(m, 0, b, at, m.length);
        return b;
    }

    @Test
    void bodyTextChecksLookAtTheFirst64KiBOnly() {
        assertThat(HttpAttempt.MAX_BODY_TEXT).isEqualTo(64 * 1024);
        byte[] early = body(4 * MIB, "needle", HttpAttempt.MAX_BODY_TEXT - 6);
        byte[] late = body(4 * MIB, "needle", HttpAttempt.MAX_BODY_TEXT - 5);
        assertThat(verdict("needle", null, null, early)).isEqualTo(ProbeResult.ok("status 200 on /"));
        assertThat(verdict(null, "ne+dle$|needle", null, early).ok()).isTrue();
        assertThat(verdict("needle", null, null, late))
                .isEqualTo(ProbeResult.fail("body of / does not contain \"needle\""));
        assertThat(verdict(null, "needle", null, late))
                .isEqualTo(ProbeResult.fail("body of / does not match /needle/"));
    }

    @Test
    @Timeout(20) // without the bound this match runs for hours
    void aRegexThatBacktracksWithoutEndFailsTheCheckInsteadOfHoldingTheEventLoop() {
        byte[] body = "a".repeat(60).getBytes(StandardCharsets.US_ASCII);
        assertThat(verdict(null, "(.*a){12}b", null, body))
                .isEqualTo(ProbeResult.fail(
                        "body of /: /(.*a){12}b/ gave up after 10000000 steps (it backtracks too much)"));
        // a pattern that reads the text a few times stays far below the bound ($: the end of the first 64 KiB)
        assertThat(verdict(null, "needle|x{3}$", null, body(4 * MIB, "", 0)).ok())
                .isTrue();
    }

    @Test
    void theDigestCoversTheWholeBody() throws Exception {
        byte[] big = body(4 * MIB, "end", 4 * MIB - 3);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(big));
        assertThat(verdict(null, null, md5, big)).isEqualTo(ProbeResult.ok("status 200 on /"));
        big[4 * MIB - 1] = 'D'; // past the text cap, still in the digest
        assertThat(verdict(null, null, md5, big).reason()).startsWith("digest mismatch on /");
    }
}
