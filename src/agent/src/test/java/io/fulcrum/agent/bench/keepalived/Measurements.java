package io.fulcrum.agent.bench.keepalived;

import io.fulcrum.runtime.ProcFigures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The timed phases, run against one {@link Subject} at a time on the kernel and the responders: start until
 * the whole table is in the kernel, the steady state, one change, many changes. Only this class and the
 * subjects do I/O; what the figures mean is decided by {@link Completion}, {@link Disruption}, {@link
 * ProcFigures} and {@link KeepalivedLog}.
 */
final class Measurements {
    /** Figures of the steady state. */
    record Steady(
            double checksPerSecond,
            double checkerCores,
            double checkerRssMb,
            double allRssMb,
            CheckTiming.Result timing) {}

    /** What the segment saw during a change or a series: the steady client's requests, the VRRP adverts. */
    record Segmented(Requests.Result client, AdvertGaps.Result adverts) {
        static final Segmented NOT_WATCHED = new Segmented(Requests.Result.NOT_SENT, AdvertGaps.Result.NOT_LISTENED);
    }

    /** What one change did. */
    record ChangeResult(
            double millis,
            Disruption.Result disruption,
            double checksPerSecondDuring,
            Map<String, Integer> logged,
            boolean checkerRestarted,
            Segmented segment) {}

    /** What a series of changes did ({@code asked}: how many were to be made). */
    record SeriesResult(
            List<Double> millis,
            int asked,
            Disruption.Result disruption,
            double checksPerSecondDuring,
            Map<String, Integer> logged,
            Segmented segment) {
        double totalMillis() {
            return millis.stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    /**
     * The least a change is watched for (the client's requests, the adverts, the checks made): three advert
     * intervals after it was made, even when the kernel showed it at once.
     */
    static final long WATCH_AT_LEAST_NANOS = TimeUnit.SECONDS.toNanos(3L * Fleet.ADVERT_SECONDS);

    private final Kernel kernel;
    private final Responder responder;
    private final AdvertListener adverts;
    private final SteadyClient client;
    private final int timeoutSeconds;

    Measurements(Kernel kernel, Responder responder, AdvertListener adverts, SteadyClient client, int timeoutSeconds) {
        this.kernel = kernel;
        this.responder = responder;
        this.adverts = adverts;
        this.client = client;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Starts {@code s} on {@code fleet}; the milliseconds until the kernel holds every service and destination. */
    double startToComplete(Subject s, Fleet fleet) throws IOException {
        long t0 = System.nanoTime();
        s.start(fleet);
        waitComplete(s, fleet, t0);
        return (System.nanoTime() - t0) / 1e6;
    }

    /** Waits until the kernel holds {@code fleet}'s whole table (e.g. after a restart). */
    void waitComplete(Subject s, Fleet fleet, long since) throws IOException {
        Completion c = new Completion(fleet.expected());
        long deadline = since + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            Set<String> present = Set.copyOf(kernel.services());
            for (String service : List.copyOf(c.pending())) {
                if (!present.contains(service)) continue;
                c.offer(service, kernel.destinations(service));
            }
            if (c.complete()) return;
            alive(s);
            if (System.nanoTime() > deadline)
                throw new IOException(s.name() + ": the table was not complete after " + timeoutSeconds + " s ("
                        + c.remaining() + " services missing or incomplete)");
            sleep(50);
        }
    }

    /** Waits until {@code s} logs {@code text} after the first {@code from} characters of its log. */
    void waitLogged(Subject s, int from, String text) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (s.log().indexOf(text, from) < 0) {
            alive(s);
            if (System.nanoTime() > deadline)
                throw new IOException(s.name() + " did not log '" + text + "' within " + timeoutSeconds + " s");
            sleep(100);
        }
    }

    /**
     * Waits {@code settleSeconds}, then measures {@code seconds} of the steady state; the check times are kept
     * over both (a checker with interval {@code intervalSeconds} checks each real server at least twice when
     * the settling lasts longer than one interval).
     */
    Steady steady(Subject s, int settleSeconds, int seconds, int intervalSeconds) throws IOException {
        responder.recordChecks();
        sleep(TimeUnit.SECONDS.toMillis(settleSeconds));
        long pid = s.checkerPid();
        long ticks0 = ProcFigures.cpuTicks(ProcFigures.stat(pid));
        long c0 = responder.connections();
        long t0 = System.nanoTime();
        sleep(TimeUnit.SECONDS.toMillis(seconds));
        long ticks1 = ProcFigures.cpuTicks(ProcFigures.stat(pid));
        long c1 = responder.connections();
        long wall = System.nanoTime() - t0;
        alive(s);
        CheckTiming.Result timing = CheckTiming.of(responder.stopRecording(), intervalSeconds);
        double all = 0;
        for (long p : s.pids()) all += ProcFigures.rssKb(ProcFigures.status(p)) / 1024.0;
        return new Steady(
                (c1 - c0) / (wall / 1e9),
                ProcFigures.cores(ticks1 - ticks0, wall),
                ProcFigures.rssKb(ProcFigures.status(pid)) / 1024.0,
                all,
                timing);
    }

    /**
     * Makes {@code change} and times it until the kernel shows it; meanwhile, and until two more pictures of
     * the whole table have been taken after it (and {@link #WATCH_AT_LEAST_NANOS} have passed), another reader
     * watches the whole table for anything else that moved, the steady client sends its requests through a
     * VIP and the adverts on the segment are kept.
     */
    ChangeResult one(Subject s, Change change) throws IOException {
        String rendered = s.render(change);
        Snapshot baseline = kernel.snapshot();
        int logFrom = s.log().length();
        long checker = s.checkerPid();
        Disruption d = new Disruption(baseline, Set.of(change.entry()));
        try (Watcher w = new Watcher(d)) {
            long c0 = responder.connections();
            client.begin();
            long t0 = System.nanoTime();
            s.change(rendered);
            waitFor(s, change, t0);
            double ms = (System.nanoTime() - t0) / 1e6;
            w.awaitPictures(2);
            long t1 = watchedUntil(t0);
            double wall = (t1 - t0) / 1e9;
            long c1 = responder.connections();
            String log = s.log();
            return new ChangeResult(
                    ms,
                    d.result(),
                    (c1 - c0) / wall,
                    KeepalivedLog.count(log.substring(Math.min(logFrom, log.length()))),
                    s.checkerPid() != checker,
                    segment(t0, t1));
        } finally {
            client.end();
        }
    }

    /**
     * {@code changes} one after another, each made once the kernel shows the one before; no new one after
     * {@code budgetSeconds} (0: no budget, every change is made; the result has as many times as changes were
     * made).
     */
    SeriesResult series(Subject s, List<Change> changes, int budgetSeconds) throws IOException {
        List<String> rendered = new ArrayList<>();
        for (Change c : changes) rendered.add(s.render(c));
        Snapshot baseline = kernel.snapshot();
        int logFrom = s.log().length();
        Set<String> intended = new HashSet<>();
        for (Change c : changes) intended.add(c.entry());
        Disruption d = new Disruption(baseline, intended);
        List<Double> ms = new ArrayList<>();
        try (Watcher w = new Watcher(d)) {
            long c0 = responder.connections();
            client.begin();
            long start = System.nanoTime();
            long budgetEnd = start + TimeUnit.SECONDS.toNanos(budgetSeconds);
            for (int i = 0; i < changes.size() && (budgetSeconds <= 0 || System.nanoTime() < budgetEnd); i++) {
                long t0 = System.nanoTime();
                s.change(rendered.get(i));
                waitFor(s, changes.get(i), t0);
                ms.add((System.nanoTime() - t0) / 1e6);
            }
            w.awaitPictures(2);
            long end = watchedUntil(start);
            double wall = (end - start) / 1e9;
            long c1 = responder.connections();
            String log = s.log();
            return new SeriesResult(
                    ms,
                    changes.size(),
                    d.result(),
                    (c1 - c0) / wall,
                    KeepalivedLog.count(log.substring(Math.min(logFrom, log.length()))),
                    segment(start, end));
        } finally {
            client.end();
        }
    }

    /** Waits until at least {@link #WATCH_AT_LEAST_NANOS} after {@code start}; returns the time then. */
    private static long watchedUntil(long start) {
        long left = start + WATCH_AT_LEAST_NANOS - System.nanoTime();
        if (left > 0) sleep(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        return System.nanoTime();
    }

    /** The client's requests and the adverts between {@code from} and {@code to}. */
    private Segmented segment(long from, long to) {
        return new Segmented(
                Requests.of(client.requests(), from, to),
                AdvertGaps.of(adverts.times(), from, to, Fleet.ADVERT_SECONDS));
    }

    private void waitFor(Subject s, Change c, long since) throws IOException {
        long deadline = since + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            Integer w = kernel.destinations(c.serviceKey()).get(c.destinationKey());
            if (w != null && w == c.weight()) return;
            alive(s);
            if (System.nanoTime() > deadline)
                throw new IOException(s.name() + ": " + c.what() + " not in the kernel after " + timeoutSeconds + " s");
            sleep(5);
        }
    }

    private static void alive(Subject s) throws IOException {
        if (!s.alive()) throw new IOException(s.name() + " exited; its log:\n" + tail(s.log(), 4000));
    }

    static String tail(String text, int chars) {
        return text.length() <= chars ? text : text.substring(text.length() - chars);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Takes pictures of the whole table one after another on its own thread and netlink socket. */
    private static final class Watcher implements AutoCloseable {
        private final Disruption disruption;
        private final Thread thread;
        private volatile boolean stop;
        private volatile int pictures;
        private volatile RuntimeException failure;

        Watcher(Disruption disruption) {
            this.disruption = disruption;
            this.thread = new Thread(this::run, "bench-keepalived-watcher");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            try (NetlinkKernel k = new NetlinkKernel()) {
                while (!stop) {
                    disruption.observe(k.snapshot());
                    pictures++;
                }
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        /** Waits until {@code more} pictures have been taken from now on. */
        void awaitPictures(int more) {
            int until = pictures + more;
            while (pictures < until && failure == null && thread.isAlive()) sleep(10);
            if (failure != null) throw failure;
        }

        @Override
        public void close() {
            stop = true;
            try {
                thread.join(TimeUnit.MINUTES.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
