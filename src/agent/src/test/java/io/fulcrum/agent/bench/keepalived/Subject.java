package io.fulcrum.agent.bench.keepalived;

import java.io.IOException;
import java.util.List;

/** One of the two programs under test, as a process the benchmark starts, changes and stops. */
public interface Subject extends AutoCloseable {
    /** "Fulcrum" or "keepalived". */
    String name();

    /** Writes {@code fleet}'s configuration and starts the process; returns at once. */
    void start(Fleet fleet) throws IOException;

    /**
     * What this subject is handed for {@code change} (made before the change is timed): the whole file after it,
     * or the one REST call.
     */
    String render(Change change);

    /** Hands the running process a change from {@link #render} the way it takes one; returns once handed. */
    void change(String rendered) throws IOException;

    /** The process that runs the health checks (its CPU and RSS are the checker's figures). */
    long checkerPid() throws IOException;

    /** Every process of this subject (for their RSS together). */
    List<Long> pids() throws IOException;

    /** What the processes logged so far. */
    String log() throws IOException;

    boolean alive();

    @Override
    void close() throws IOException;
}
