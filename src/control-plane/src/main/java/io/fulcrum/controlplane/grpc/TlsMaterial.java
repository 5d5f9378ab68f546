package io.fulcrum.controlplane.grpc;

import io.fulcrum.controlplane.Settings;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The gRPC port's certificate and key (PEM files): the operator's, or a self-signed one generated on
 * first start into the data directory and kept, so that agents can trust it across restarts.
 */
public record TlsMaterial(Path certificate, Path key, boolean generated) {
    static final Duration VALIDITY = Duration.ofDays(3650);

    /**
     * The gRPC port's pair, which the HTTPS port shares unless the operator gives it its own: the
     * settings {@link Settings#GRPC_TLS_CERT} and {@link Settings#GRPC_TLS_KEY}, else the pair generated
     * in DATA_DIR/tls for the extra names of {@link Settings#GRPC_TLS_NAMES} (comma-separated), each
     * read through {@code setting} (null when unset).
     */
    public static TlsMaterial forGrpcPort(Function<String, String> setting) throws IOException {
        String names = setting.apply(Settings.GRPC_TLS_NAMES);
        return resolve(
                path(setting.apply(Settings.GRPC_TLS_CERT)),
                path(setting.apply(Settings.GRPC_TLS_KEY)),
                Settings.dataDir().resolve("tls"),
                names == null
                        ? List.of()
                        : Arrays.stream(names.split(","))
                                .map(String::trim)
                                .filter(s -> !s.isEmpty())
                                .toList());
    }

    private static Path path(String v) {
        return v == null || v.isBlank() ? null : Path.of(v);
    }

    /** The operator's files when both are given, else the generated pair in {@code dir} (made if missing). */
    public static TlsMaterial resolve(Path operatorCert, Path operatorKey, Path dir, List<String> extraNames)
            throws IOException {
        if (operatorCert != null || operatorKey != null) {
            if (operatorCert == null || operatorKey == null)
                throw new IOException("the gRPC TLS certificate and key must be given together");
            if (!Files.isReadable(operatorCert))
                throw new IOException("cannot read the gRPC TLS certificate " + operatorCert);
            if (!Files.isReadable(operatorKey)) throw new IOException("cannot read the gRPC TLS key " + operatorKey);
            return new TlsMaterial(operatorCert, operatorKey, false);
        }
        Path cert = dir.resolve("grpc-cert.pem");
        Path key = dir.resolve("grpc-key.pem");
        if (!Files.exists(cert) || !Files.exists(key)) generate(cert, key, extraNames);
        return new TlsMaterial(cert, key, true);
    }

    /** SHA-256 of the certificate's DER form, as `openssl x509 -fingerprint -sha256` prints it. */
    public String fingerprint() throws IOException {
        try (var in = Files.newInputStream(certificate)) {
            var c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return HexFormat.ofDelimiter(":")
                    .withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IOException("the gRPC certificate " + certificate + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** An ECDSA P-256 key and a certificate for localhost, this host's names and addresses, and {@code extraNames}. */
    static void generate(Path cert, Path key, List<String> extraNames) throws IOException {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = g.generateKeyPair();
            Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
            try {
                InetAddress self = InetAddress.getLocalHost();
                names.add(self.getHostName());
                names.add(self.getHostAddress());
            } catch (IOException ignored) {
                // no resolvable host name: localhost and the extra names still work
            }
            names.addAll(extraNames);
            List<GeneralName> san = new ArrayList<>();
            for (String n : names) {
                san.add(
                        n.matches("[0-9.]+|.*:.*")
                                ? new GeneralName(GeneralName.iPAddress, n)
                                : new GeneralName(GeneralName.dNSName, n));
            }
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=fulcrum-control-plane");
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    subject,
                    new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(VALIDITY)),
                    subject,
                    pair.getPublic());
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san.toArray(GeneralName[]::new)));
            // its own trust anchor: agents pin it as their CA
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            X509Certificate c = new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            Files.createDirectories(cert.getParent());
            Files.writeString(cert, pem(c), StandardCharsets.UTF_8);
            Files.writeString(key, "", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(
                    key, pem(new JcaPKCS8Generator(pair.getPrivate(), null).generate()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot generate the gRPC certificate: " + e.getMessage(), e);
        }
    }

    private static String pem(Object o) throws IOException {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(o);
        }
        return s.toString();
    }
}
