package io.fulcrum.kernellab;

import io.fulcrum.runtime.Processes;
import io.fulcrum.runtime.Threads;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands as root inside the kernel lab: a throw-away qemu VM booting Debian's stock kernel (IPVS,
 * all schedulers, veth, bridge, nftables as modules) over this machine's root filesystem, through the
 * {@code src/kernel-lab/run} harness of this repository. The guest sees the same files, JDK, Maven
 * repository and Debian tools and the caller's environment and working directory.
 *
 * <p>A boot costs about 10-15 s and code inside runs roughly 10-15x slower than on the host, so run many
 * checks per VM: {@link #runScript} with the {@code check}/{@code pass}/{@code fail} shell functions, or
 * {@link #runJava} with a main class that uses {@link Checks}; both print one
 * {@value Checks#PREFIX} line per check, which {@link Result#checks()} parses.
 *
 * <p>Nothing here skips: when the lab cannot run (no harness, no qemu, a VM that does not boot) the
 * {@link Result} says so (exit 125, or 124 on timeout) and {@link Result#requireSuccess()} fails.
 */
public final class KernelLab {
    private static final System.Logger LOG = System.getLogger(KernelLab.class.getName());
    /** Exit status of the harness when the time limit was reached. */
    public static final int TIMED_OUT = 124;
    /** Exit status of the harness when the VM could not boot or died under the command. */
    public static final int VM_FAILED = 125;
    /**
     * Harness option: boot without IPVS. ip_vs is not loaded, and the kernel's on-demand loading of it (the
     * generic netlink lookup of the family "IPVS" would trigger it) is refused; the command's own
     * {@code modprobe ip_vs} still loads it, as an operator's would on a director.
     */
    public static final String WITHOUT_IPVS = "--no-ipvs";

    /** Shell functions prepended to every {@link #runScript} script: pass, fail, check and await. */
    static final String SCRIPT_PREAMBLE = """
            # kernel-lab check functions: one "%1$s PASS|FAIL NAME [DETAIL]" line per check
            # each check also says when it was reported (seconds since the script started), to find slow steps
            pass() { local n=$1; shift; echo "%1$s PASS $n${*:+ $*}"; echo "    (at ${SECONDS} s)"; }
            fail() { local n=$1; shift; echo "%1$s FAIL $n${*:+ $*}"; echo "    (at ${SECONDS} s)"; KERNEL_LAB_FAILED=$((KERNEL_LAB_FAILED + 1)); return 1; }
            # check NAME COMMAND [ARG...]: runs COMMAND, a check passes when it exits 0; its output follows indented
            check() {
              local n=$1; shift; local out rc
              out=$("$@" 2>&1); rc=$?
              if [ $rc -eq 0 ]; then pass "$n"; else fail "$n" "exit=$rc"; fi
              [ -z "$out" ] || printf '%%s\\n' "$out" | sed 's/^/    /'
              return $rc
            }
            # await COMMAND [SECONDS]: evaluates COMMAND (quiet) every 0.5 s until it exits 0, for SECONDS (default 60)
            # of waiting between tries (the tries' own time comes on top); exits 1 when it never did
            await() {
              local t
              for t in $(seq 1 $((${2:-60} * 2))); do eval "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done
              return 1
            }
            KERNEL_LAB_FAILED=0
            exec 2>&1
            """.formatted(Checks.PREFIX);

    private KernelLab() {}

    /** Runs {@code command} (a program and its arguments, no shell) in a fresh VM. */
    public static Result run(Duration timeout, String... command) {
        return run(timeout, List.of(), command);
    }

    /**
     * Runs {@code command} in a fresh VM with extra harness options before the {@code --} (e.g.
     * {@code --mem 4096}).
     */
    public static Result run(Duration timeout, List<String> harnessOptions, String... command) {
        if (command.length == 0) {
            throw new IllegalArgumentException("no command");
        }
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        List<String> argv = new ArrayList<>();
        argv.add("bash");
        argv.add(harness().toString());
        argv.add("--verbose");
        argv.add("--timeout");
        argv.add(Long.toString(seconds));
        for (Path dir : staticTrees()) {
            argv.add("--cached");
            argv.add(dir.toString());
        }
        argv.addAll(harnessOptions);
        argv.add("--");
        argv.addAll(Arrays.asList(command));
        return execute(argv, Duration.ofSeconds(seconds + 60));
    }

    /**
     * Runs a bash script in a fresh VM, with stderr merged into stdout and the functions {@code check NAME
     * COMMAND...}, {@code pass NAME [DETAIL]} and {@code fail NAME [DETAIL]} defined. The script's exit
     * status is the result's; end it with {@code exit $KERNEL_LAB_FAILED} to fail when a check failed.
     */
    public static Result runScript(Duration timeout, String script) {
        return runScript(timeout, List.of(), script);
    }

    /** As {@link #runScript(Duration, String)} with extra harness options (e.g. {@link #WITHOUT_IPVS}). */
    public static Result runScript(Duration timeout, List<String> harnessOptions, String script) {
        Path file;
        try {
            file = Files.createTempFile(
                    "kernel-lab-script-",
                    ".sh",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.writeString(file, "#!/bin/bash\n" + SCRIPT_PREAMBLE + script + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kernel-lab script", e);
        }
        try {
            return run(timeout, harnessOptions, "bash", file.toString());
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temp file is harmless
            }
        }
    }

    /**
     * Runs {@code mainClass} in a fresh VM with this JVM's java binary and class path (the guest sees the
     * same filesystem, so the same paths work).
     */
    public static Result runJava(Duration timeout, Class<?> mainClass, String... args) {
        return runJava(timeout, List.of(), mainClass, args);
    }

    /** As {@link #runJava(Duration, Class, String...)} with extra JVM options (e.g. {@code -Xmx512m}). */
    public static Result runJava(Duration timeout, List<String> jvmOptions, Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the guest shares /tmp: without this its JVM would delete the host JVMs' hsperfdata files,
        // whose process ids do not exist in the guest
        command.add("-XX:-UsePerfData");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(Arrays.asList(args));
        return run(timeout, command.toArray(String[]::new));
    }

    /** The repository root: the nearest directory at or above the working directory holding pom.xml and openapi.yaml. */
    public static Path repositoryRoot() {
        return repositoryRoot(Path.of(System.getProperty("user.dir")));
    }

    static Path repositoryRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("openapi.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no directory holding pom.xml and openapi.yaml at or above " + start);
    }

    /**
     * Directories that do not change while a VM runs and that its JVMs read: this JVM's java home and the
     * modules' built classes and libraries. The harness serves them page-cached (see its header), which
     * makes a JVM in the guest start several times faster; the rest of the checkout stays uncached, so
     * files the host writes during a run are seen at once.
     */
    static List<Path> staticTrees() {
        List<Path> trees = new ArrayList<>();
        trees.add(Path.of(System.getProperty("java.home")).toAbsolutePath().normalize());
        try (var modules = Files.list(repositoryRoot().resolve("src"))) {
            for (Path module : modules.sorted().toList()) {
                for (String built : List.of("target/lib", "target/classes", "target/test-classes")) {
                    Path dir = module.resolve(built);
                    if (Files.isDirectory(dir)) {
                        trees.add(dir);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the modules under src/", e);
        }
        return trees;
    }

    /** The {@code run} harness of this repository. */
    public static Path harness() {
        Path script = repositoryRoot().resolve("src/kernel-lab/run");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("kernel-lab harness missing: " + script);
        }
        return script;
    }

    private static Result execute(List<String> argv, Duration limit) {
        Process process;
        try {
            process = new ProcessBuilder(argv)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + argv, e);
        }
        StringBuilder output = new StringBuilder();
        Thread reader = Threads.start("kernel-lab-output", () -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    LOG.log(System.Logger.Level.INFO, "[kernel-lab] " + line);
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        boolean finished;
        try {
            finished = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                // the harness enforces its own timeout; this only guards against a wedged harness
                Processes.terminate(process.toHandle(), Duration.ofSeconds(10));
            }
            reader.join(5_000);
        } catch (InterruptedException e) {
            Processes.signal(Processes.tree(process.toHandle()), false);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + argv, e);
        }
        String text;
        synchronized (output) {
            text = output.toString();
        }
        if (!finished) {
            return new Result(TIMED_OUT, text + "kernel-lab: the harness did not finish within " + limit + "\n");
        }
        return new Result(process.exitValue(), text);
    }
}
