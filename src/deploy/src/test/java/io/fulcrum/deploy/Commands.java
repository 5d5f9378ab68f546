package io.fulcrum.deploy;

import static java.lang.System.Logger.Level.INFO;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Runs the host's commands for the tests: output and exit status, a timeout, loud failures. */
final class Commands {
    private static final System.Logger LOG = System.getLogger(Commands.class.getName());

    /** The repository's root (the failsafe configuration passes it). */
    static final Path ROOT = Path.of(System.getProperty("fulcrum.root", "../.."))
            .toAbsolutePath()
            .normalize();

    private Commands() {}

    /** What a command did: its exit status and its standard output and error, interleaved. */
    record Result(int exit, String output) {
        Result ok(List<String> command) {
            if (exit != 0) fail("`" + String.join(" ", command) + "` exited " + exit + ":\n" + output);
            return this;
        }
    }

    /** Runs {@code command}; fails the test when it does not end within {@code timeout}. */
    static Result run(List<String> command, Duration timeout, Map<String, String> env) {
        LOG.log(INFO, "$ " + String.join(" ", command));
        try {
            Path out = Files.createTempFile("fulcrum-deploy-", ".out");
            try {
                ProcessBuilder pb = new ProcessBuilder(command)
                        .directory(ROOT.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor();
                    fail("`" + String.join(" ", command) + "` did not end within " + timeout + ":\n"
                            + Files.readString(out, StandardCharsets.UTF_8));
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run `" + String.join(" ", command) + "`: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running `" + String.join(" ", command) + "`", e);
        }
    }

    static Result run(List<String> command, Duration timeout) {
        return run(command, timeout, Map.of());
    }

    /** Runs {@code command} and fails the test unless it exits 0; returns its output. */
    static String ok(List<String> command, Duration timeout, Map<String, String> env) {
        return run(command, timeout, env).ok(command).output();
    }

    static String ok(List<String> command, Duration timeout) {
        return ok(command, timeout, Map.of());
    }

    /** Fails the test, saying what installs it, when {@code tool} is not on PATH: never a silent skip. */
    static void require(String tool, String installedBy) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) return;
        }
        for (String dir : List.of("/usr/sbin", "/sbin")) {
            if (Files.isExecutable(Path.of(dir, tool))) return;
        }
        fail(tool + " is not installed: " + installedBy + " (bin/fulcrum test installs it)");
    }

    /** Repeats {@code check} every {@code every} until it holds or {@code within} passes; fails then. */
    static void eventually(String what, Duration within, Duration every, BooleanSupplier check) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!check.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail(what + ": not within " + within);
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
