package io.fulcrum.cli.http;

import io.fulcrum.cli.CliException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@link Http} over java.net.http: the bearer token on every request, and with a CA file that CA as the
 * only trust anchor for an https control plane (otherwise the JDK's trust store).
 */
public final class JdkHttp implements Http {
    private static final System.Logger LOG = System.getLogger(JdkHttp.class.getName());
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Long enough for a large apply, which commits in one transaction. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

    private final URI base;
    private final String token;
    private final HttpClient client;
    private final String userAgent;

    /**
     * @param url   the control plane's root URL ({@code http://localhost:8080})
     * @param token the bearer token, null for none
     * @param ca    a PEM file of the CA certificate(s) to trust, null for the JDK's trust store
     */
    public JdkHttp(String url, String token, Path ca, String version) {
        this.base = root(url);
        this.token = token;
        this.userAgent = "fulcrum-cli/" + version;
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                // HTTP/1.1: no h2c upgrade attempt on plain http, and event streams stay simple
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (ca != null) b.sslContext(trusting(ca));
        this.client = b.build();
    }

    private static URI root(String url) {
        URI u;
        try {
            u = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException e) {
            throw new CliException(
                    "'" + url + "' is not a URL", "set FULCRUM_URL to the control plane's URL, e.g. http://cp:8080");
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null)
            throw new CliException(
                    "'" + url + "' is not an http(s) URL",
                    "set FULCRUM_URL to the control plane's URL, e.g. https://cp.example:8443");
        return u;
    }

    /** An SSL context trusting exactly the certificates of the PEM file {@code ca}. */
    static SSLContext trusting(Path ca) {
        try (InputStream in = Files.newInputStream(ca)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in))
                ks.setCertificateEntry("ca-" + i++, c);
            if (i == 0) throw new GeneralSecurityException("no certificate in it");
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new CliException(
                    "cannot use " + ca + " as the CA: " + e.getMessage(),
                    "set FULCRUM_CA to a PEM file of the CA certificate that signed the control plane's certificate",
                    e);
        }
    }

    @Override
    public String where() {
        return base.toString();
    }

    @Override
    public Response send(Request request) throws IOException {
        HttpResponse<byte[]> r = exchange(request, HttpResponse.BodyHandlers.ofByteArray(), true);
        return new Response(r.statusCode(), headers(r), r.body());
    }

    @Override
    public Response stream(Request request, Consumer<String> line) throws IOException {
        HttpResponse<InputStream> r = exchange(request, HttpResponse.BodyHandlers.ofInputStream(), false);
        try (InputStream in = r.body()) {
            if (r.statusCode() < 200 || r.statusCode() >= 300)
                return new Response(r.statusCode(), headers(r), in.readAllBytes());
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String l; (l = reader.readLine()) != null; ) line.accept(l);
            return new Response(r.statusCode(), headers(r), null);
        }
    }

    private <T> HttpResponse<T> exchange(Request request, HttpResponse.BodyHandler<T> handler, boolean timeout)
            throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + request.path()))
                .method(
                        request.method(),
                        request.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(request.body()))
                .header("User-Agent", userAgent);
        if (timeout) b.timeout(REQUEST_TIMEOUT);
        request.headers().forEach(b::header);
        if (token != null) b.header("Authorization", "Bearer " + token);
        LOG.log(System.Logger.Level.DEBUG, "{0} {1}{2}", request.method(), base, request.path());
        try {
            HttpResponse<T> r = client.send(b.build(), handler);
            LOG.log(System.Logger.Level.DEBUG, "{0} {1}: {2}", request.method(), request.path(), r.statusCode());
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static Map<String, String> headers(HttpResponse<?> r) {
        Map<String, String> h = new HashMap<>();
        r.headers().map().forEach((k, v) -> {
            List<String> values = v;
            if (!values.isEmpty()) h.put(k, values.get(0));
        });
        return h;
    }
}
