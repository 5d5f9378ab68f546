package io.fulcrum.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.controlplane.grpc.GrpcServer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent client in the suite: Python stubs generated during the test from proto/ by Debian's
 * protoc and grpc_python_plugin (protobuf-compiler, protobuf-compiler-grpc; bin/fulcrum test installs
 * them), run with python3-grpcio against the real gRPC port: typed CRUD, etags, field masks, paging,
 * errors with their rich details, Watch and server reflection (resources/python/typed_client.py).
 * Missing tools fail the test: it never skips.
 */
@QuarkusTest
class ManagementPythonIT {
    /** The protos a generic client needs beside proto/: rich error details and reflection, from the classpath. */
    private static final List<String[]> EXTRA = List.of(
            new String[] {"google/rpc/status.proto", "google/rpc/status.proto"},
            new String[] {"google/rpc/error_details.proto", "google/rpc/error_details.proto"},
            // a path of its own: a generated grpc/ package would hide the installed grpcio
            new String[] {"grpc/reflection/v1/reflection.proto", "grpc_reflection_v1/reflection.proto"});

    @Inject
    GrpcServer grpc;

    @TempDir
    Path work;

    @BeforeEach
    @AfterEach
    void clean() {
        Api.deleteAll();
    }

    @Test
    void aPythonClientGeneratedFromTheProtosDrivesTheTypedApiWatchAndReflection() throws Exception {
        Path stubs = Files.createDirectories(work.resolve("stubs"));
        Path extra = Files.createDirectories(work.resolve("extra"));
        for (String[] e : EXTRA) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(e[0])) {
                assertThat(in).as(e[0] + " on the test classpath").isNotNull();
                Path to = extra.resolve(e[1]);
                Files.createDirectories(to.getParent());
                Files.write(to, in.readAllBytes());
            }
        }
        Path protoRoot = protoRoot();
        List<String> protoc = new ArrayList<>(List.of(
                "protoc",
                "-I" + protoRoot,
                "-I" + extra,
                "-I/usr/include",
                "--python_out=" + stubs,
                "--grpc_out=" + stubs,
                "--plugin=protoc-gen-grpc=/usr/bin/grpc_python_plugin"));
        protoc.addAll(protos(protoRoot));
        protoc.addAll(protos(extra));
        run(protoc, 60);

        Path script = work.resolve("typed_client.py");
        try (InputStream in = getClass().getResourceAsStream("/python/typed_client.py")) {
            assertThat(in).as("typed_client.py").isNotNull();
            Files.write(script, in.readAllBytes());
        }
        String out = run(
                List.of(
                        "/usr/bin/python3", // Debian's, whose python3-grpcio and python3-protobuf these are
                        script.toString(),
                        stubs.toString(),
                        Integer.toString(grpc.port()),
                        grpc.tls().certificate().toString(),
                        EmbeddedPostgresResource.ADMIN_TOKEN),
                120);
        assertThat(out).contains("python client: 21 checks passed").doesNotContain("FAILED: ");
    }

    private static Path protoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("proto/fulcrum"))) p = p.getParent();
        assertThat(p).as("the repository's proto/ directory").isNotNull();
        return p.resolve("proto");
    }

    /** Every .proto under {@code root}, relative to it (as protoc wants them). */
    private static List<String> protos(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(f -> f.toString().endsWith(".proto"))
                    .map(f -> root.relativize(f).toString())
                    .sorted()
                    .toList();
        }
    }

    /** Runs a command to its end: its output; a failure (or a missing program) fails the test with it. */
    private static String run(List<String> command, int seconds) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(
                    command.get(0) + " is missing: install protobuf-compiler, protobuf-compiler-grpc and "
                            + "python3-grpcio (bin/fulcrum test does)",
                    e);
        }
        boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
        if (!done) p.destroyForcibly().waitFor();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(done)
                .as(command.get(0) + " ends within " + seconds + " s:\n" + out)
                .isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
        return out;
    }
}
