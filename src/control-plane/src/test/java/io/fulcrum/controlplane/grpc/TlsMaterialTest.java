package io.fulcrum.controlplane.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialTest {
    @TempDir
    Path dir;

    @Test
    void withoutOperatorFilesAPairIsGeneratedOnceForLocalhostAndTheExtraNamesWithAPrivateKey() throws Exception {
        TlsMaterial t = TlsMaterial.resolve(null, null, dir, List.of("10.0.2.2", "cp.example"));
        assertThat(t.generated()).isTrue();
        assertThat(Files.getPosixFilePermissions(t.key())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(t.key())).startsWith("-----BEGIN PRIVATE KEY-----");
        X509Certificate c;
        try (InputStream in = Files.newInputStream(t.certificate())) {
            c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertThat(c.getSubjectAlternativeNames())
                .extracting(n -> n.get(1).toString())
                .contains("localhost", "127.0.0.1", "10.0.2.2", "cp.example");
        String fingerprint = t.fingerprint();
        assertThat(fingerprint).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        // kept across restarts: agents that pinned it keep trusting it
        assertThat(TlsMaterial.resolve(null, null, dir, List.of()).fingerprint())
                .isEqualTo(fingerprint);
    }

    @Test
    void theOperatorsFilesAreUsedWhenBothAreGivenAndRefusedWhenOneIsMissingOrUnreadable() throws IOException {
        TlsMaterial generated = TlsMaterial.resolve(null, null, dir.resolve("gen"), List.of());
        TlsMaterial own =
                TlsMaterial.resolve(generated.certificate(), generated.key(), dir.resolve("unused"), List.of());
        assertThat(own.generated()).isFalse();
        assertThat(own.certificate()).isEqualTo(generated.certificate());
        assertThat(dir.resolve("unused")).doesNotExist();
        assertThatThrownBy(() -> TlsMaterial.resolve(generated.certificate(), null, dir, List.of()))
                .hasMessageContaining("certificate and key must be given together");
        assertThatThrownBy(() -> TlsMaterial.resolve(dir.resolve("missing.pem"), generated.key(), dir, List.of()))
                .hasMessageContaining("cannot read the gRPC TLS certificate");
    }
}
