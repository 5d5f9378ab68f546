package io.fulcrum.health.probe;

/** The verdict of one probe (one attempt): pass or fail, why, and a weight a misc_dynamic script asked for. */
public record ProbeResult(boolean ok, String reason, Integer weight) {
    public static ProbeResult ok(String reason) {
        return new ProbeResult(true, reason, null);
    }

    public static ProbeResult fail(String reason) {
        return new ProbeResult(false, reason, null);
    }
}
