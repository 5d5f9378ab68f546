package io.fulcrum.kernellab;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a kernel-lab run gave back: the command's exit status ({@link KernelLab#TIMED_OUT} on timeout,
 * {@link KernelLab#VM_FAILED} when the VM could not boot) and its output, stdout and stderr together
 * with the harness's own lines (prefixed {@code kernel-lab:}).
 */
public record Result(int exitCode, String output) {

    /** One check reported by a line {@code KERNEL-LAB-CHECK PASS|FAIL NAME [DETAIL]}. */
    public record Check(String name, boolean passed, String detail) {}

    public boolean succeeded() {
        return exitCode == 0;
    }

    public List<String> lines() {
        return output.lines().toList();
    }

    /** The checks reported in the output, in order. */
    public List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        for (String line : lines()) {
            if (!line.startsWith(Checks.PREFIX + " ")) {
                continue;
            }
            String[] parts = line.substring(Checks.PREFIX.length() + 1).split(" ", 3);
            if (parts.length < 2 || !(parts[0].equals("PASS") || parts[0].equals("FAIL"))) {
                continue;
            }
            checks.add(new Check(parts[1], parts[0].equals("PASS"), parts.length > 2 ? parts[2] : ""));
        }
        return checks;
    }

    public Optional<Check> findCheck(String name) {
        return checks().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The check called {@code name}; an {@link AssertionError} carrying the whole output when it was not reported. */
    public Check check(String name) {
        return findCheck(name).orElseThrow(() -> failure("check " + name + " was not reported"));
    }

    /** This result when the exit status is 0, else an {@link AssertionError} carrying the whole output. */
    public Result requireSuccess() {
        if (exitCode != 0) {
            throw failure("kernel lab exited " + exitCode + describe(exitCode));
        }
        return this;
    }

    /**
     * This result when every check named was reported and passed and no other check failed, else an
     * {@link AssertionError} listing what is wrong, with the whole output.
     */
    public Result requireChecksPassed(String... names) {
        List<String> problems = new ArrayList<>();
        List<Check> checks = checks();
        for (String name : names) {
            Optional<Check> c =
                    checks.stream().filter(x -> x.name().equals(name)).findFirst();
            if (c.isEmpty()) {
                problems.add(name + ": not reported");
            }
        }
        for (Check c : checks) {
            if (!c.passed()) {
                problems.add(c.name() + ": FAIL " + c.detail());
            }
        }
        if (!problems.isEmpty()) {
            throw failure("kernel-lab checks: " + String.join("; ", problems));
        }
        return this;
    }

    private AssertionError failure(String message) {
        return new AssertionError(message + "\n--- kernel-lab output (exit " + exitCode + ") ---\n" + output);
    }

    private static String describe(int code) {
        return switch (code) {
            case KernelLab.TIMED_OUT -> " (timed out)";
            case KernelLab.VM_FAILED -> " (the VM could not boot or died)";
            default -> "";
        };
    }
}
