package io.fulcrum.controlplane.chaos;

import io.fulcrum.runtime.Processes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One control-plane replica: the packaged application (quarkus-run.jar) in a process of its own, on the
 * run's PostgreSQL, on fixed ports (the same after a restart), its output appended to
 * {@code <data>/replica.log}. Killed (SIGKILL), paused (SIGSTOP), resumed (SIGCONT) and started again by
 * the harness; {@link #close} stops it whatever its state.
 */
final class ReplicaProcess implements AutoCloseable {
    final String name;
    final Path data;
    final int http;
    final int grpc;
    private final Path app;
    private final Map<String, String> environment;
    private final Rest probe;
    private Process process;
    private boolean paused;

    /**
     * @param environment the database settings and the admin token (FULCRUM_*), and the gRPC TLS pair when
     *     it is another replica's
     */
    ReplicaProcess(String name, Path app, Path data, Map<String, String> environment, String token) throws IOException {
        this.name = name;
        this.app = app;
        this.data = data;
        this.environment = Map.copyOf(environment);
        this.http = freePort();
        this.grpc = freePort();
        this.probe = new Rest(http, token, Duration.ofSeconds(2));
        Files.createDirectories(data);
    }

    synchronized void start() throws IOException {
        if (process != null && process.isAlive()) throw new IllegalStateException(name + " is running");
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx384m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        app.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        data.resolve("replica.log").toFile()));
        Map<String, String> env = pb.environment();
        env.putAll(environment);
        env.put("FULCRUM_DATA_DIR", data.toString());
        env.put("FULCRUM_HTTP_HOST", "127.0.0.1");
        env.put("FULCRUM_HTTP_PORT", Integer.toString(http));
        env.put("FULCRUM_HTTPS_PORT", "0");
        env.put("FULCRUM_GRPC_HOST", "127.0.0.1");
        env.put("FULCRUM_GRPC_PORT", Integer.toString(grpc));
        process = pb.start();
        paused = false;
    }

    /** Waits until /q/health/ready answers 200; false when the process died or {@code max} passed. */
    boolean awaitReady(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() - deadline < 0) {
            Process p;
            synchronized (this) {
                p = process;
            }
            if (p == null || !p.isAlive()) return false;
            if (probe.ready()) return true;
            Thread.sleep(200);
        }
        return false;
    }

    /** kill -9, and waits for the process to be gone. */
    synchronized void kill() throws InterruptedException {
        if (process == null) return;
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        paused = false;
    }

    synchronized void pause() {
        if (process != null && process.isAlive() && Processes.send("STOP", process.pid(), false)) paused = true;
    }

    synchronized void resume() {
        if (process != null && paused) Processes.send("CONT", process.pid(), false);
        paused = false;
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGTERM (after SIGCONT when paused), then SIGKILL after 20 s. */
    @Override
    public synchronized void close() throws InterruptedException {
        if (process == null) return;
        if (paused) resume();
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
