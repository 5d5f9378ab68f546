package io.fulcrum.runtime;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one way a Fulcrum process makes threads: every thread is named {@code owner-job[-N]} after the
 * object that owns it, and that owner stops it in its {@code close()} ({@link #shutdown}). A thread
 * dump then says who started each thread and who must end it.
 */
public final class Threads {
    private static final System.Logger LOG = System.getLogger(Threads.class.getName());

    private Threads() {}

    /** Threads named {@code name}, {@code name-2}, ...; daemon threads do not keep the JVM alive. */
    public static ThreadFactory factory(String name, boolean daemon) {
        return factory(name, daemon, false);
    }

    /** Threads named {@code name-1}, {@code name-2}, ... (a pool's), or as {@link #factory(String, boolean)}. */
    private static ThreadFactory factory(String name, boolean daemon, boolean numbered) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            int n = count.incrementAndGet();
            Thread t = new Thread(r, n == 1 && !numbered ? name : name + "-" + n);
            t.setDaemon(daemon);
            t.setUncaughtExceptionHandler(
                    (th, e) -> LOG.log(System.Logger.Level.ERROR, "thread " + th.getName() + " failed", e));
            return t;
        };
    }

    /** One named daemon thread running {@code task}, started. */
    public static Thread start(String name, Runnable task) {
        Thread t = factory(name, true).newThread(task);
        t.start();
        return t;
    }

    /** A single-threaded executor of daemon threads named {@code name}. */
    public static ExecutorService single(String name) {
        return Executors.newSingleThreadExecutor(factory(name, true));
    }

    /** A fixed pool of {@code n} daemon threads named {@code name-N}. */
    public static ExecutorService pool(String name, int n) {
        return Executors.newFixedThreadPool(n, factory(name, true, true));
    }

    /** A single-threaded scheduler of daemon threads named {@code name}. */
    public static ScheduledExecutorService scheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(factory(name, true));
    }

    /**
     * Stops an executor as its owner's {@code close()} should: no new tasks, running ones interrupted
     * after {@code graceMillis}; true when every thread ended in time.
     */
    public static boolean shutdown(ExecutorService executor, long graceMillis) {
        executor.shutdown();
        try {
            if (executor.awaitTermination(graceMillis, TimeUnit.MILLISECONDS)) return true;
            executor.shutdownNow();
            return executor.awaitTermination(graceMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
