package io.fulcrum.controlplane;

import io.fulcrum.runtime.Processes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged control plane (quarkus-run.jar) in a process of its own, configured as bin/fulcrum
 * configures it (FULCRUM_* variables): its data directory, and HTTP and gRPC ports chosen once (the same
 * after a restart); its output appended to a log file. Started and waited for (/q/health/ready), killed
 * (SIGKILL), paused (SIGSTOP), resumed (SIGCONT), stopped (SIGTERM) and started again by its test;
 * {@link #close} stops it whatever its state. The one launcher of RestartIT, the second replica of the
 * replica tests and the fault-injection run's replicas.
 */
public final class ControlPlaneProcess implements AutoCloseable {
    public final String name;
    public final Path data;
    public final Path log;
    public final int http;
    public final int grpc;
    private final Path app;
    private final List<String> jvmOptions;
    private final Map<String, String> environment;
    private final HttpClient probe =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private boolean paused;

    /**
     * @param app         quarkus-run.jar (see {@link #packagedApp})
     * @param data        its FULCRUM_DATA_DIR, left for the control plane to create
     * @param log         where its output is appended (its directory is created)
     * @param jvmOptions  options of its JVM before {@code -jar}
     * @param environment further FULCRUM_* settings (the database, the admin token, hosts, TLS), over the
     *     data directory and ports
     */
    public ControlPlaneProcess(
            String name, Path app, Path data, Path log, List<String> jvmOptions, Map<String, String> environment)
            throws IOException {
        if (!Files.exists(app)) throw new IllegalStateException("the packaged control plane (mvn package): no " + app);
        this.name = name;
        this.app = app;
        this.data = data;
        this.log = log;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.environment = Map.copyOf(environment);
        this.http = freePort();
        this.grpc = freePort();
        Files.createDirectories(log.getParent());
    }

    /** quarkus-run.jar as mvn package leaves it (or under -Dfulcrum.app.dir). */
    public static Path packagedApp() {
        return Path.of(System.getProperty("fulcrum.app.dir", "target/quarkus-app"), "quarkus-run.jar");
    }

    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) throw new IllegalStateException(name + " is running");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", app.toString()));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.put("FULCRUM_DATA_DIR", data.toString());
        env.put("FULCRUM_HTTP_PORT", Integer.toString(http));
        env.put("FULCRUM_HTTPS_PORT", "0"); // any free port: the tests use plain HTTP on loopback
        env.put("FULCRUM_GRPC_PORT", Integer.toString(grpc));
        env.putAll(environment);
        process = pb.start();
        paused = false;
    }

    /** Waits until /q/health/ready answers 200; false when the process died or {@code max} passed. */
    public boolean awaitReady(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (System.nanoTime() - deadline < 0) {
            if (!alive()) return false;
            try {
                if (probe.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return true;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** {@link #start}, then {@link #awaitReady}; when it is not ready within {@code max}: killed, and fails. */
    public void startReady(Duration max) throws IOException, InterruptedException {
        start();
        if (awaitReady(max)) return;
        String what = alive() ? "not ready within " + max.toSeconds() + " s" : "exited";
        kill();
        throw new IllegalStateException(name + " " + what + "; its log " + log + ":\n" + Files.readString(log));
    }

    /** kill -9, and waits for the process to be gone. */
    public synchronized void kill() throws InterruptedException {
        if (process == null) return;
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        paused = false;
    }

    public synchronized void pause() {
        if (process != null && process.isAlive() && Processes.send("STOP", process.pid(), false)) paused = true;
    }

    public synchronized void resume() {
        if (process != null && paused) Processes.send("CONT", process.pid(), false);
        paused = false;
    }

    public synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /**
     * SIGTERM (after SIGCONT when paused), SIGKILL when it has not exited 20 s later; its exit code (-1 when
     * it never started or outlived even SIGKILL).
     */
    public synchronized int stop() throws InterruptedException {
        if (process == null) return -1;
        if (paused) resume();
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
