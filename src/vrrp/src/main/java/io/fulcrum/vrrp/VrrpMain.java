package io.fulcrum.vrrp;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;

import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.netlink.NetlinkException;
import io.fulcrum.netlink.PermissionException;
import io.fulcrum.scripts.HookRunner;
import io.fulcrum.scripts.ScriptPolicy;
import io.fulcrum.scripts.ScriptRunner;
import io.fulcrum.vrrp.runtime.LinuxHost;
import io.fulcrum.vrrp.runtime.VrrpRouter;
import io.fulcrum.vrrp.track.GroupScripts;

/**
 * Runs a director's VRRP instances from a configuration document until SIGTERM/SIGINT, then
 * advertises priority 0 and gives the virtual addresses back:
 * <pre>  VrrpMain --name DIRECTOR --state FILE [--scripts DIR]</pre>
 * With {@code --scripts}, the groups' track scripts and notify hooks run from DIR, as the agent runs them.
 * When FILE changes, its groups are applied as a reload ({@link VrrpRouter#reconfigure}): unchanged groups
 * run on untouched, changed ones keep their state where the change allows it; a refused FILE changes nothing.
 * Exit status: 0 stopped, 1 refused (bad document, kernel error), 2 bad usage.
 */
public final class VrrpMain {
    static final String USAGE = "usage: VrrpMain --name DIRECTOR --state FILE [--scripts DIR]\n"
            + "  run the VRRP groups of FILE (JSON or YAML configuration document) that list DIRECTOR as a member;\n"
            + "  their track scripts and notify hooks from DIR only (none without it); FILE is re-read when it changes\n";
    /** How often FILE is looked at for a change (its modification time and size). */
    static final long RELOAD_POLL_MILLIS = 250;

    private VrrpMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Re-reads {@code file} whenever its modification time or size changes, and hands it to the router as a reload. */
    static void watch(Path file, String seenAtStart, String director, VrrpRouter router, Consumer<String> log) {
        String seen = seenAtStart;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(RELOAD_POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            String now = stamp(file);
            if (now == null || now.equals(seen)) continue;
            seen = now;
            try {
                ConfigDocument doc = DocumentCodec.readDocument(file);
                doc.requireDirector(director, file);
                log.accept("reloading " + file);
                router.reconfigure(doc).get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (ValidationException e) {
                for (FieldError f : e.errors()) log.accept("reload refused: " + (f.field().isEmpty() ? "(document)" : f.field()) + ": " + f.message());
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof ValidationException v) {
                    for (FieldError f : v.errors()) log.accept("reload refused: " + (f.field().isEmpty() ? "(document)" : f.field()) + ": " + f.message());
                } else {
                    log.accept("reload failed: " + e.getCause());
                }
            } catch (IOException | RuntimeException e) {
                log.accept("reload failed: " + e.getMessage());
            } catch (java.util.concurrent.TimeoutException e) {
                log.accept("reload still under way after 30 s");
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static String stamp(Path file) {
        try {
            return java.nio.file.Files.getLastModifiedTime(file).toMillis() + "/" + java.nio.file.Files.size(file);
        } catch (IOException e) {
            return null;
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String name = null;
        Path file = null;
        Path scriptDir = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("--name") || a.equals("--state") || a.equals("--scripts")) && i + 1 < args.length) {
                if (a.equals("--name")) name = args[++i];
                else if (a.equals("--scripts")) scriptDir = Path.of(args[++i]);
                else file = Path.of(args[++i]);
            } else {
                err.println("vrrp: unexpected argument '" + a + "'");
                err.print(USAGE);
                return 2;
            }
        }
        if (name == null || file == null) {
            err.print(USAGE);
            return 2;
        }
        Consumer<String> log = line -> {
            synchronized (out) {
                out.println(Instant.now() + " " + line);
                out.flush();
            }
        };
        try {
            Path stateFile = file;
            String stamp = stamp(file); // before the read: a change while it starts is not missed
            ConfigDocument doc = DocumentCodec.readDocument(file);
            String director = name;
            doc.requireDirector(director, file);
            GroupScripts scripts = GroupScripts.NONE;
            ScriptRunner runner = null;
            HookRunner hooks = null;
            if (scriptDir != null) {
                try {
                    runner = new ScriptRunner(ScriptPolicy.allowing(scriptDir, ScriptRunner.runningAsRoot()));
                } catch (IllegalArgumentException | IllegalStateException e) { // an unusable directory, no setpriv
                    err.println("vrrp: --scripts " + scriptDir + ": " + e.getMessage());
                    return 2;
                }
                hooks = HookRunner.of(runner, log);
                scripts = GroupScripts.of(runner, hooks);
            }
            ScriptRunner scriptRunner = runner;
            HookRunner hookRunner = hooks;
            try (LinuxHost host = new LinuxHost(log)) {
                VrrpRouter router = VrrpRouter.create(doc, director, host, log, (g, from, to, reason) -> { }, scripts);
                if (router.isEmpty()) {
                    log.accept("director '" + director + "' is a member of no VRRP group; nothing to do");
                    return 0;
                }
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    router.stop();
                    // the STOP hooks the stop queued run before the JVM goes (boundedly)
                    if (hookRunner != null) hookRunner.close();
                    if (scriptRunner != null) scriptRunner.close();
                    log.accept("stopped");
                }, "vrrp-stop"));
                Thread watch = new Thread(() -> watch(stateFile, stamp, director, router, log), "vrrp-reload");
                watch.setDaemon(true);
                watch.start();
                router.run();
            }
            return 0;
        } catch (ValidationException e) {
            for (FieldError f : e.errors()) err.println("vrrp: invalid configuration: " + (f.field().isEmpty() ? "(document)" : f.field()) + ": " + f.message());
            return 1;
        } catch (PermissionException e) {
            err.println("vrrp: the kernel refused (" + e.getMessage() + "): raw sockets and addresses need root (CAP_NET_RAW, CAP_NET_ADMIN)");
            return 1;
        } catch (NetlinkException e) {
            err.println("vrrp: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("vrrp: " + e.getMessage());
            return 1;
        }
    }
}
