package io.fulcrum.runtime;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The one owner of a plain process's shutdown (the agent's, a command's): parts are registered as
 * they start, and on SIGTERM/SIGINT (the JVM's single shutdown hook, installed here and nowhere else)
 * or {@link #close()} they are closed in reverse order of start, one at a time, a failure logged and
 * the rest still closed. {@link #awaitStop} lets a main thread park until a stop is asked for.
 * The control plane has Quarkus's lifecycle instead and does not use this class.
 */
public final class Shutdown implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Shutdown.class.getName());

    private final String process;
    private final Deque<Part> parts = new ArrayDeque<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Object closing = new Object();
    private boolean hooked;

    private record Part(String name, AutoCloseable part) {}

    /** @param process the process's name, for the log and the hook thread's name */
    public Shutdown(String process) {
        this.process = process;
    }

    /** Registers a part: closed before every part registered earlier. Returns it, for try-with-resources style. */
    public synchronized <T extends AutoCloseable> T add(String name, T part) {
        parts.push(new Part(name, part));
        return part;
    }

    /** Installs the JVM's shutdown hook (once): SIGTERM/SIGINT stops the process through {@link #close()}. */
    public synchronized Shutdown onSignals() {
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(this::close, process + "-shutdown"));
        }
        return this;
    }

    /** Asks the process to stop: wakes {@link #awaitStop}; the parts are closed by {@link #close()}. */
    public void requestStop() {
        stopping.countDown();
    }

    public boolean stopRequested() {
        return stopping.getCount() == 0;
    }

    /** Parks until a stop is requested (a signal or {@link #requestStop()}) or {@code max} has passed. */
    public boolean awaitStop(Duration max) throws InterruptedException {
        return stopping.await(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Closes every part in reverse order of registration, one closer at a time; idempotent. */
    @Override
    public void close() {
        stopping.countDown();
        synchronized (closing) {
            closeParts();
        }
    }

    private void closeParts() {
        while (true) {
            Part p;
            synchronized (this) {
                p = parts.poll();
            }
            if (p == null) break;
            try {
                p.part().close();
                LOG.log(System.Logger.Level.DEBUG, () -> process + ": " + p.name() + " stopped");
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, process + ": stopping " + p.name() + " failed", e);
            } catch (Error e) {
                LOG.log(System.Logger.Level.ERROR, process + ": stopping " + p.name() + " failed", e);
            }
        }
    }
}
