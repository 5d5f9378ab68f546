package io.fulcrum.agent.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A writer of the Prometheus text exposition format (version 0.0.4): each family's HELP and TYPE lines,
 * then its samples, {@code name{label="value",...} value}. Written through a 64 KiB buffer straight to the
 * response, without a String per sample: a scrape of 10,000 virtual servers with 10 real servers each is a
 * million lines (about 90 MB), more than the agent's heap holds. Names and labels are built once per family
 * or per real server and passed as bytes.
 */
public final class TextFormat implements AutoCloseable {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final int BUFFER = 1 << 16;

    private final OutputStream sink;
    private final byte[] buf = new byte[BUFFER];
    private int size;
    private long written;

    public TextFormat(OutputStream sink) {
        this.sink = sink;
    }

    /** A family's HELP and TYPE lines ({@code type}: counter, gauge, histogram). */
    public TextFormat family(String name, String type, String help) {
        ascii("# HELP ")
                .ascii(name)
                .put((byte) ' ')
                .utf8(help.replace("\\", "\\\\").replace("\n", "\\n"));
        ascii("\n# TYPE ").ascii(name).put((byte) ' ').ascii(type).put((byte) '\n');
        return this;
    }

    public TextFormat sample(byte[] name, byte[] labels, long value) {
        put(name).put(labels).put((byte) ' ');
        number(value);
        return put((byte) '\n');
    }

    public TextFormat sample(byte[] name, byte[] labels, double value) {
        put(name).put(labels).put((byte) ' ');
        number(value);
        return put((byte) '\n');
    }

    /** A sample whose labels are {@code prefix}, {@code middle} (ASCII, nothing to escape) and {@code suffix}. */
    public TextFormat sample(byte[] name, byte[] prefix, String middle, byte[] suffix, long value) {
        put(name).put(prefix).ascii(middle).put(suffix).put((byte) ' ');
        number(value);
        return put((byte) '\n');
    }

    public TextFormat sample(byte[] name, byte[] prefix, String middle, byte[] suffix, double value) {
        put(name).put(prefix).ascii(middle).put(suffix).put((byte) ' ');
        number(value);
        return put((byte) '\n');
    }

    public TextFormat sample(String name, byte[] labels, long value) {
        return sample(name(name), labels, value);
    }

    public TextFormat sample(String name, byte[] labels, double value) {
        return sample(name(name), labels, value);
    }

    /** A metric name as bytes (ASCII: [a-zA-Z_:][a-zA-Z0-9_:]*). */
    public static byte[] name(String name) {
        return name.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code {k1="v1",k2="v2"}} with the values escaped; empty for no pairs. */
    public static byte[] labels(String... pairs) {
        if (pairs.length == 0) return new byte[0];
        StringBuilder b = new StringBuilder(16 * pairs.length).append('{');
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) b.append(',');
            b.append(pairs[i]).append("=\"");
            String v = pairs[i + 1];
            for (int j = 0; j < v.length(); j++) {
                char c = v.charAt(j);
                if (c == '\\' || c == '"') b.append('\\').append(c);
                else if (c == '\n') b.append("\\n");
                else b.append(c);
            }
            b.append('"');
        }
        return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code labels} with one more pair appended (for a histogram's {@code le}, a direction). */
    public static byte[] with(byte[] labels, String key, String value) {
        byte[] pair = labels(key, value);
        if (labels.length == 0) return pair;
        byte[] out = Arrays.copyOf(labels, labels.length + pair.length - 1);
        out[labels.length - 1] = ',';
        System.arraycopy(pair, 1, out, labels.length, pair.length - 1);
        return out;
    }

    /** Bytes written so far (flushed or not). */
    public long written() {
        return written + size;
    }

    /** Writes what is buffered to the sink (which stays open). */
    @Override
    public void close() {
        drain();
    }

    private void drain() {
        if (size == 0) return;
        try {
            sink.write(buf, 0, size);
        } catch (IOException e) { // the scraper went away: the rest of the scrape is not wanted
            throw new UncheckedIOException(e);
        }
        written += size;
        size = 0;
    }

    private void number(long v) {
        if (v == Long.MIN_VALUE) {
            ascii(Long.toString(v));
            return;
        }
        if (v < 0) {
            put((byte) '-');
            v = -v;
        }
        ensure(20);
        int start = size;
        do {
            buf[size++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        for (int i = start, j = size - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    private void number(double v) {
        if (Double.isNaN(v)) ascii("NaN");
        else if (Double.isInfinite(v)) ascii(v > 0 ? "+Inf" : "-Inf");
        else if (v == Math.rint(v) && Math.abs(v) < 1e15) number((long) v);
        else ascii(Double.toString(v));
    }

    private TextFormat ascii(String s) {
        if (s.length() > BUFFER) return put(s.getBytes(StandardCharsets.US_ASCII));
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) buf[size++] = (byte) s.charAt(i);
        return this;
    }

    private TextFormat utf8(String s) {
        return put(s.getBytes(StandardCharsets.UTF_8));
    }

    private TextFormat put(byte[] b) {
        if (b.length > BUFFER) {
            drain();
            try {
                sink.write(b);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            written += b.length;
            return this;
        }
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    private TextFormat put(byte b) {
        ensure(1);
        buf[size++] = b;
        return this;
    }

    /** Room for {@code more} bytes (at most the buffer's size), draining first when needed. */
    private void ensure(int more) {
        if (size + more > BUFFER) drain();
    }
}
