package io.fulcrum.vrrp;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.netlink.NetlinkException;
import io.fulcrum.netlink.PermissionException;
import io.fulcrum.runtime.FileWatcher;
import io.fulcrum.runtime.Logs;
import io.fulcrum.runtime.Shutdown;
import io.fulcrum.scripts.HookRunner;
import io.fulcrum.scripts.ScriptPolicy;
import io.fulcrum.scripts.ScriptRunner;
import io.fulcrum.vrrp.runtime.LinuxHost;
import io.fulcrum.vrrp.runtime.VrrpRouter;
import io.fulcrum.vrrp.track.GroupScripts;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The VRRP runtime on its own, for the namespace tests (Lab) and the failover benchmark
 * (src/benchmarks/vrrp-failover.sh): test code, not a production entry point (the agent is that). Runs a
 * director's VRRP instances from a configuration document until SIGTERM/SIGINT, then advertises priority 0
 * and gives the virtual addresses back:
 * <pre>  VrrpMain --name DIRECTOR --state FILE [--scripts DIR] [--state-dir DIR]</pre>
 * With {@code --scripts}, the groups' track scripts and notify hooks run from DIR, as the agent runs them.
 * With {@code --state-dir}, the originals of the sysctls changed for virtual MACs are kept in DIR, as the
 * agent keeps them (a run after a kill -9 restores them).
 * When FILE changes, its groups are applied as a reload ({@link VrrpRouter#reconfigure}): unchanged groups
 * run on untouched, changed ones keep their state where the change allows it; a refused FILE changes nothing.
 * Logs go to stdout ({@link Logs}: FULCRUM_LOG_LEVEL, FULCRUM_LOG_FORMAT), also while it stops
 * ({@link Logs#keepHandlersUntilExit}). Its {@link Shutdown} stops, in
 * this order: the reload watch, the router (the goodbye), the host (virtual MAC links, sockets), the notify
 * hooks the stop queued (boundedly), the script runner.
 * Exit status: 0 stopped, 1 refused (bad document, kernel error), 2 bad usage.
 */
public final class VrrpMain {
    static final String USAGE = "usage: VrrpMain --name DIRECTOR --state FILE [--scripts DIR] [--state-dir DIR]\n"
            + "  run the VRRP groups of FILE (JSON or YAML configuration document) that list DIRECTOR as a member;\n"
            + "  their track scripts and notify hooks from DIR only (none without it); FILE is re-read when it changes\n";
    /** How often FILE is looked at for a change (its modification time and size). */
    static final long RELOAD_POLL_MILLIS = 250;

    private VrrpMain() {}

    public static void main(String[] args) {
        // before any logger exists (so this class has no static one): the lines the graceful stop logs must not be lost
        Logs.keepHandlersUntilExit();
        Logs.configureFromEnvironment(System.out);
        System.exit(run(args, System.err));
    }

    /** Re-reads {@code file} after a change and hands it to the router as a reload. */
    static void reload(Path file, String director, VrrpRouter router) {
        try {
            ConfigDocument doc = DocumentCodec.readDocument(file);
            doc.requireDirector(director, file);
            log().log(INFO, "reloading " + file);
            router.reconfigure(doc).get(30, TimeUnit.SECONDS);
        } catch (ValidationException e) {
            refused(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ValidationException v) refused(v);
            else log().log(WARNING, "reload failed: " + e.getCause());
        } catch (IOException | RuntimeException e) {
            log().log(WARNING, "reload failed: " + e.getMessage());
        } catch (TimeoutException e) {
            log().log(WARNING, "reload still under way after 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static System.Logger log() {
        return System.getLogger(VrrpMain.class.getName());
    }

    private static void refused(ValidationException e) {
        for (FieldError f : e.errors())
            log().log(
                            WARNING,
                            "reload refused: " + (f.field().isEmpty() ? "(document)" : f.field()) + ": " + f.message());
    }

    static int run(String[] args, PrintStream err) {
        String name = null;
        Path file = null;
        Path scriptDir = null;
        Path stateDir = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("--name") || a.equals("--state") || a.equals("--scripts") || a.equals("--state-dir"))
                    && i + 1 < args.length) {
                if (a.equals("--name")) name = args[++i];
                else if (a.equals("--state-dir")) stateDir = Path.of(args[++i]);
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
        Shutdown shutdown = new Shutdown("vrrp");
        try {
            FileWatcher watcher =
                    new FileWatcher(file).markSeen(); // before the read: a change while it starts is not missed
            ConfigDocument doc = DocumentCodec.readDocument(file);
            String director = name;
            doc.requireDirector(director, file);
            GroupScripts scripts = GroupScripts.NONE;
            if (scriptDir != null) {
                ScriptRunner runner;
                try {
                    runner = shutdown.add(
                            "script runner",
                            new ScriptRunner(ScriptPolicy.allowing(scriptDir, ScriptRunner.runningAsRoot())));
                } catch (IllegalArgumentException | IllegalStateException e) { // an unusable directory, no setpriv
                    err.println("vrrp: --scripts " + scriptDir + ": " + e.getMessage());
                    return 2;
                }
                // the STOP hooks the router's stop queues run before the JVM goes (boundedly)
                HookRunner hooks = shutdown.add("notify hooks", HookRunner.of(runner));
                scripts = GroupScripts.of(runner, hooks);
            }
            LinuxHost host = shutdown.add("host", new LinuxHost(stateDir));
            VrrpRouter router = VrrpRouter.create(doc, director, host, (g, from, to, reason) -> {}, scripts);
            if (router.isEmpty()) {
                log().log(INFO, "director '" + director + "' is a member of no VRRP group; nothing to do");
                return 0;
            }
            shutdown.add("router", router::stop);
            Path stateFile = file;
            shutdown.add(
                    "reload watch",
                    watcher.start(
                            "vrrp-reload",
                            Duration.ofMillis(RELOAD_POLL_MILLIS),
                            () -> reload(stateFile, director, router)));
            shutdown.onSignals();
            router.run();
            return 0;
        } catch (ValidationException e) {
            for (FieldError f : e.errors())
                err.println("vrrp: invalid configuration: " + (f.field().isEmpty() ? "(document)" : f.field()) + ": "
                        + f.message());
            return 1;
        } catch (PermissionException e) {
            err.println("vrrp: the kernel refused (" + e.getMessage()
                    + "): raw sockets and addresses need root (CAP_NET_RAW, CAP_NET_ADMIN)");
            return 1;
        } catch (NetlinkException e) {
            err.println("vrrp: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("vrrp: " + e.getMessage());
            return 1;
        } finally {
            shutdown.close();
        }
    }
}
