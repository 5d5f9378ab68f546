package io.fulcrum.netlink;

/** The kernel flagged a dump with {@code NLM_F_DUMP_INTR}: the table changed mid-dump, so retry it. */
public class DumpInterruptedException extends NetlinkException {
    public DumpInterruptedException(String message) {
        super(message);
    }
}
