package io.fulcrum.kernellab;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * For Java main classes run inside the kernel lab ({@link KernelLab#runJava}): runs named checks one after
 * another, printing one {@value #PREFIX} line per check that {@link Result#checks()} reads back, so a
 * single VM (one boot, one JVM start) covers many checks. These lines are the harness's protocol (output
 * on stdout, parsed by {@link Result}), not a log.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     Checks checks = new Checks();
 *     checks.run("service_added", () -> ...);
 *     checks.run("scheduler_rr", () -> ...);
 *     checks.exit();
 * }
 * }</pre>
 */
public final class Checks {
    public static final String PREFIX = "KERNEL-LAB-CHECK";

    /** A check body; throwing anything fails the check. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private final PrintStream out;
    private int passed;
    private int failed;

    public Checks() {
        this(System.out);
    }

    public Checks(PrintStream out) {
        this.out = out;
    }

    /** Runs {@code body}, reporting PASS with its duration or FAIL with what it threw (stack trace indented below). */
    public boolean run(String name, Body body) {
        if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a check name has no spaces: '" + name + "'");
        }
        long start = System.nanoTime();
        try {
            body.run();
            passed++;
            out.println(PREFIX + " PASS " + name + " " + (System.nanoTime() - start) / 1_000_000 + "ms");
            return true;
        } catch (Throwable t) {
            failed++;
            out.println(PREFIX + " FAIL " + name + " " + String.valueOf(t).replace('\n', ' '));
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            trace.toString().lines().forEach(l -> out.println("    " + l));
            return false;
        } finally {
            out.flush();
        }
    }

    public int passed() {
        return passed;
    }

    public int failed() {
        return failed;
    }

    /** Exits the JVM: 0 when every check passed, 1 otherwise. */
    public void exit() {
        out.flush();
        System.exit(failed == 0 ? 0 : 1);
    }
}
