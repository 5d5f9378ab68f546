package io.fulcrum.agent.metrics;

import io.fulcrum.agent.run.StatusSnapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * One scrape, rendered and gzip-compressed (Prometheus asks for gzip): at 10,000 x 10 the text is about
 * 100 MB, more than the agent's heap, and compresses to about 6 MB at the fastest level.
 *
 * @param gzip the text, compressed
 * @param size the text's length in bytes
 */
public record Rendered(byte[] gzip, long size) {
    /** Renders {@code metrics} from {@code s}. */
    public static Rendered of(AgentMetrics metrics, StatusSnapshot s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(1 << 16);
        long size;
        try (OutputStream z = new FastGzip(b)) {
            size = metrics.render(s, z);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Rendered(b.toByteArray(), size);
    }

    /** The text, uncompressed, streamed (for a scraper that does not take gzip). */
    public InputStream text() throws IOException {
        return new GZIPInputStream(new ByteArrayInputStream(gzip), 1 << 16);
    }

    /** gzip at the fastest level: the text is repetitive, speed matters more than the last megabytes. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
