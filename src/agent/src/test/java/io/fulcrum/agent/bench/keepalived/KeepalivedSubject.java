package io.fulcrum.agent.bench.keepalived;

import io.fulcrum.runtime.PrivateFiles;
import io.fulcrum.runtime.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's keepalived with its health checker and its VRRP (the fleet's one vrrp_instance): in the foreground,
 * logging in detail to a file. A change is its reload: the file rewritten, then SIGHUP to the parent, which has
 * both children re-read it.
 */
final class KeepalivedSubject implements Subject {
    private final Path dir;
    private final Path conf;
    private Process process;

    KeepalivedSubject(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.conf = dir.resolve("keepalived.conf");
    }

    @Override
    public String name() {
        return "keepalived";
    }

    /** {@code keepalived --config-test} on {@code fleet}'s file: it must accept what the exporter wrote. */
    void configTest(Fleet fleet) throws IOException {
        Path f = dir.resolve("config-test.conf");
        Files.writeString(f, fleet.keepalivedConf());
        ProcessBuilder pb = new ProcessBuilder("keepalived", "--config-test", "-f", f.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("config-test.log").toFile());
        try {
            int rc = pb.start().waitFor();
            if (rc != 0)
                throw new IOException("keepalived --config-test refused the exported file (exit " + rc + "): "
                        + Files.readString(dir.resolve("config-test.log")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void start(Fleet fleet) throws IOException {
        Files.writeString(conf, fleet.keepalivedConf());
        for (String f : List.of("keepalived.pid", "checkers.pid", "vrrp.pid")) Files.deleteIfExists(dir.resolve(f));
        process = new ProcessBuilder(
                        "keepalived",
                        "--dont-fork",
                        "--log-console",
                        "--log-detail",
                        "-f",
                        conf.toString(),
                        "-p",
                        dir.resolve("keepalived.pid").toString(),
                        "-c",
                        dir.resolve("checkers.pid").toString(),
                        "-r",
                        dir.resolve("vrrp.pid").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("keepalived.log").toFile())
                .start();
    }

    @Override
    public String render(Change change) {
        return change.after().keepalivedConf();
    }

    @Override
    public void change(String rendered) throws IOException {
        PrivateFiles.write(conf, rendered);
        if (!Processes.send("HUP", process.pid(), false))
            throw new IOException("kill -HUP " + process.pid() + " failed");
    }

    @Override
    public long checkerPid() throws IOException {
        return PidFiles.read(dir.resolve("checkers.pid"), 60);
    }

    @Override
    public List<Long> pids() throws IOException {
        return List.of(process.pid(), checkerPid(), PidFiles.read(dir.resolve("vrrp.pid"), 60));
    }

    @Override
    public String log() throws IOException {
        return Files.readString(dir.resolve("keepalived.log"));
    }

    @Override
    public boolean alive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        if (process != null) Processes.terminate(process.toHandle(), Duration.ofSeconds(30));
    }
}
