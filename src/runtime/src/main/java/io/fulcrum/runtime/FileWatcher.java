package io.fulcrum.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches one file for a change of its modification time or size, by polling: written once for every
 * file a Fulcrum process follows (the agent's and VRRP's --state file). Polling, not a WatchService: it
 * also sees a file replaced by a rename, an editor's save, a file on any file system. A file that is
 * missing or cannot be read is no change (it is reported once it is back and different).
 * <p>The owner either asks {@link #changed()} on its own thread (the agent's loop, every round) or has it
 * asked every interval on a thread of this watcher's ({@link #start}), stopped by {@link #close()}.
 */
public final class FileWatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FileWatcher.class.getName());

    private final Path file;
    /** The stamp last reported (or marked seen); null: none yet. */
    private String seen;

    private ScheduledExecutorService poller;

    /** Watches {@code file}, nothing seen yet: the first {@link #changed()} is true when the file is there. */
    public FileWatcher(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Takes the file as it is now as seen: only a later change is reported (call it before reading the file). */
    public synchronized FileWatcher markSeen() {
        seen = stamp(file);
        return this;
    }

    /** True once for each change: the file is there and its modification time or size differs from the last seen. */
    public synchronized boolean changed() {
        String now = stamp(file);
        if (now == null || now.equals(seen)) return false;
        seen = now;
        return true;
    }

    /**
     * Looks at the file every {@code every} on a thread named {@code name} and runs {@code onChange} (on that
     * thread) after each change; a failure of {@code onChange} is logged and the watching goes on.
     */
    public synchronized FileWatcher start(String name, Duration every, Runnable onChange) {
        if (poller != null) throw new IllegalStateException("already started");
        poller = Threads.scheduler(name);
        poller.scheduleWithFixedDelay(
                () -> {
                    try {
                        if (changed()) onChange.run();
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.ERROR, "handling a change of " + file + " failed", e);
                    }
                },
                every.toNanos(),
                every.toNanos(),
                TimeUnit.NANOSECONDS);
        return this;
    }

    /** Stops the polling thread, if any (a change being handled is interrupted after a second). */
    @Override
    public void close() {
        ScheduledExecutorService p;
        synchronized (this) {
            p = poller;
        }
        if (p != null) Threads.shutdown(p, 1_000);
    }

    /** The file's modification time and size, or null when it is missing or cannot be read. */
    static String stamp(Path file) {
        try {
            return Files.getLastModifiedTime(file) + "/" + Files.size(file);
        } catch (IOException e) {
            return null;
        }
    }
}
