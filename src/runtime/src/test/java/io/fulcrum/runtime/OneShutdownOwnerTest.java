package io.fulcrum.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * An architecture rule over every module's main sources: one owner of shutdown per process. Two JVM
 * shutdown hooks run in no defined order, so the only hook is {@link Shutdown}'s (plain processes), and
 * the control plane stops its parts in one class on Quarkus's ShutdownEvent (StopOrder).
 */
class OneShutdownOwnerTest {
    /** The sources allowed to name addShutdownHook, and why. */
    static final Map<String, String> ALLOWED = Map.of(
            "runtime/src/main/java/io/fulcrum/runtime/Shutdown.java", "the one hook",
            "runtime/src/main/java/io/fulcrum/runtime/Logs.java", "a probe added and removed at once");

    static final Pattern HOOK = Pattern.compile("addShutdownHook\\s*\\(");
    static final Pattern STOP_EVENT = Pattern.compile("@Observes\\s+ShutdownEvent|@PreDestroy");

    /** src/, from this module's directory (surefire runs in src/runtime). */
    static Path sources() {
        Path src = Path.of("..").toAbsolutePath().normalize();
        assertThat(src.resolve("runtime/pom.xml")).as("run from src/runtime").exists();
        return src;
    }

    static List<Path> mainSources(Path src) {
        try (Stream<Path> files = Files.walk(src)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> src.relativize(p).toString().matches("[^/]+/src/main/java/.*"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void noMainCodeAddsAJvmShutdownHookExceptShutdown() {
        Path src = sources();
        List<Path> all = mainSources(src);
        assertThat(all).as("the main sources of every module").hasSizeGreaterThan(100);
        List<String> hooks = all.stream()
                .filter(p -> HOOK.matcher(read(p)).find())
                .map(p -> src.relativize(p).toString())
                .toList();
        assertThat(hooks)
                .isSubsetOf(ALLOWED.keySet())
                .contains("runtime/src/main/java/io/fulcrum/runtime/Shutdown.java");
    }

    @Test
    void theControlPlaneStopsItsPartsInOneClass() {
        Path src = sources();
        List<String> stoppers = mainSources(src).stream()
                .filter(p -> STOP_EVENT.matcher(read(p)).find())
                .map(p -> src.relativize(p).toString())
                .toList();
        assertThat(stoppers).containsExactly("control-plane/src/main/java/io/fulcrum/controlplane/StopOrder.java");
    }
}
