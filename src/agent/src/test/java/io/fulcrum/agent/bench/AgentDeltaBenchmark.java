package io.fulcrum.agent.bench;

import io.fulcrum.agent.controlplane.AppliedStateStore;
import io.fulcrum.agent.controlplane.Backoff;
import io.fulcrum.agent.controlplane.ControlPlaneClient;
import io.fulcrum.agent.reconcile.FakeKernel;
import io.fulcrum.agent.reconcile.IpvsKernel;
import io.fulcrum.agent.reconcile.Reconciler;
import io.fulcrum.agent.reconcile.Step;
import io.fulcrum.agent.run.AgentLoop;
import io.fulcrum.agent.run.ManualHealth;
import io.fulcrum.agent.table.Table;
import io.fulcrum.api.agent.v1.AgentMessage;
import io.fulcrum.api.agent.v1.AgentServiceGrpc;
import io.fulcrum.api.agent.v1.ControlMessage;
import io.fulcrum.api.agent.v1.DesiredState;
import io.fulcrum.runtime.ProcFigures;
import io.fulcrum.runtime.Threads;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Benchmark (not a test), run by src/benchmarks/agent-delta.sh on the host: the agent's work for a
 * one-real-server delta with a large state applied, from the DesiredState message's bytes to the ACK.
 * A recorded stream ({@link DeltaStream}) is replayed into the agent's real classes: the control-plane
 * client on an in-process gRPC stream, the agent loop, the health checker (every real server has a TCP
 * check; its timer never moves, so no probe is sent), the reconciler, the saved state in a temporary
 * directory, and an IPVS kernel that answers at once ({@link FakeKernel}; {@code --hold}: one that
 * keeps nothing, as the kernel's table is not in the agent's memory).
 *
 * <ul>
 *   <li>{@code --record DIR SERVICES REALS DELTAS}: writes the stream (if not there), prints its path;
 *   <li>{@code --replay FILE WARMUP}: the snapshot, then WARMUP deltas unmeasured, then the rest, each
 *       measured: the CPU time of the threads that do the work (the sender's parse of the bytes, the
 *       client's thread, the loop's thread: ThreadMXBean), p50/p99/max; and the process's CPU time over
 *       the measured series (/proc/self/stat: GC and JIT included) divided by the number of deltas;
 *   <li>{@code --hold FILE}: the snapshot and every delta, then the process's VmRSS and VmHWM.
 * </ul>
 * In-process gRPC hands the message over without serializing it, so the sender parses each message
 * from its recorded bytes and that parse is counted as the agent's (a real agent parses what Netty read).
 */
public final class AgentDeltaBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        switch (args.length > 0 ? args[0] : "") {
            case "--record" ->
                System.out.println(DeltaStream.recorded(
                        Path.of(args[1]),
                        Integer.parseInt(args[2]),
                        Integer.parseInt(args[3]),
                        Integer.parseInt(args[4])));
            case "--replay" -> replay(Path.of(args[1]), Integer.parseInt(args[2]));
            case "--hold" -> hold(Path.of(args[1]));
            default -> {
                System.err.println("usage: AgentDeltaBenchmark --record DIR SERVICES REALS DELTAS | --replay FILE"
                        + " WARMUP | --hold FILE");
                System.exit(2);
            }
        }
        System.exit(0);
    }

    private static void replay(Path file, int warmup) throws Exception {
        try (Agent agent = new Agent(new FakeKernel());
                DeltaStream.Reader in = new DeltaStream.Reader(file)) {
            DesiredState first = DesiredState.parseFrom(in.next());
            int resources = first.getPutCount();
            long t0 = System.nanoTime();
            agent.send(first);
            first = null;
            long snapshotMs = (System.nanoTime() - t0) / 1_000_000;
            List<byte[]> deltas = in.rest();
            if (deltas.size() <= warmup) throw new IllegalArgumentException("no delta left after the warm-up");
            for (int i = 0; i < warmup; i++) agent.send(DesiredState.parseFrom(deltas.get(i)));
            int n = deltas.size() - warmup;
            long[] cpu = new long[n];
            long gc0 = gcMillis();
            long proc0 = processTicks();
            long wall0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                agent.quiet();
                long workers = agent.workerCpu();
                long parse = THREADS.getCurrentThreadCpuTime();
                DesiredState d = DesiredState.parseFrom(deltas.get(warmup + i));
                parse = THREADS.getCurrentThreadCpuTime() - parse; // the sender's own waiting is not the agent's
                agent.send(d);
                agent.quiet();
                cpu[i] = parse + agent.workerCpu() - workers;
            }
            long wallMs = (System.nanoTime() - wall0) / 1_000_000;
            long procTicks = processTicks() - proc0;
            long gcMs = gcMillis() - gc0;
            Arrays.sort(cpu);
            String status = ProcFigures.status(ProcessHandle.current().pid());
            System.out.printf(
                    "%,9d resources (snapshot applied in %,d ms): %d deltas after %d of warm-up; CPU per delta"
                            + " (threads) p50 %.2f ms, p99 %.2f ms, max %.2f ms; process CPU per delta %.2f ms"
                            + " (GC %d ms in all, wall %d ms); RSS %d MB (peak %d MB)%n",
                    resources,
                    snapshotMs,
                    n,
                    warmup,
                    pct(cpu, 50) / 1e6,
                    pct(cpu, 99) / 1e6,
                    cpu[n - 1] / 1e6,
                    procTicks * (1000.0 / ProcFigures.TICKS_PER_SECOND) / n,
                    gcMs,
                    wallMs,
                    ProcFigures.statusKb(status, "VmRSS") / 1024,
                    ProcFigures.statusKb(status, "VmHWM") / 1024);
        }
    }

    private static void hold(Path file) throws Exception {
        try (Agent agent = new Agent(new Discarding());
                DeltaStream.Reader in = new DeltaStream.Reader(file)) {
            DesiredState first = DesiredState.parseFrom(in.next());
            int resources = first.getPutCount();
            agent.send(first);
            first = null;
            String afterSnapshot = ProcFigures.status(ProcessHandle.current().pid());
            int n = 0;
            for (byte[] b; (b = in.next()) != null; n++) agent.send(DesiredState.parseFrom(b));
            agent.quiet();
            Thread.sleep(2_000); // what the process keeps, not what a delta's garbage lifts it to for a moment
            String status = ProcFigures.status(ProcessHandle.current().pid());
            System.out.printf(
                    "%,9d resources: RSS after the snapshot %d MB, after %d deltas %d MB (peak %d MB), heap used"
                            + " %d MB of %d MB committed%n",
                    resources,
                    ProcFigures.statusKb(afterSnapshot, "VmRSS") / 1024,
                    n,
                    ProcFigures.statusKb(status, "VmRSS") / 1024,
                    ProcFigures.statusKb(status, "VmHWM") / 1024,
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20,
                    Runtime.getRuntime().totalMemory() >> 20);
            if (System.getenv("AGENT_DELTA_WAIT") != null) { // to take a heap histogram: jcmd PID GC.class_histogram
                System.out.println("pid " + ProcessHandle.current().pid() + ": waiting; Ctrl-C ends");
                Thread.sleep(Long.MAX_VALUE);
            }
        }
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1)];
    }

    private static long processTicks() throws IOException {
        return ProcFigures.cpuTicks(ProcFigures.stat(ProcessHandle.current().pid()));
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .sum();
    }

    /** The agent's classes wired as AgentMain wires them, on an in-process stream to {@link Sender}. */
    private static final class Agent implements AutoCloseable {
        private final ManualHealth health = new ManualHealth();
        private final AgentLoop loop;
        private final Thread loopThread;
        private final Sender sender;
        private final Server server;
        private final ControlPlaneClient client;
        private final Path stateDir;
        private final Thread clientThread;

        Agent(IpvsKernel kernel) throws IOException, InterruptedException {
            stateDir = Files.createTempDirectory("agent-delta-state");
            loop = new AgentLoop(
                    DeltaStream.DIRECTOR,
                    kernel,
                    new Reconciler(kernel, Set.of(), false, owned -> {}),
                    health.monitor,
                    Duration.ofHours(1));
            loopThread = Threads.start("agent-loop", () -> {
                try {
                    loop.run();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            String name = "agent-delta-" + UUID.randomUUID();
            sender = new Sender();
            server = InProcessServerBuilder.forName(name)
                    .directExecutor()
                    .addService(sender)
                    .build()
                    .start();
            client = new ControlPlaneClient(
                    InProcessChannelBuilder.forName(name).directExecutor().build(),
                    new ControlPlaneClient.Settings(
                            DeltaStream.DIRECTOR, "bench", "in-process", Duration.ofHours(1), Duration.ofMinutes(5)),
                    "bench-token",
                    loop,
                    new AppliedStateStore(stateDir),
                    new Backoff(Duration.ofMillis(10), Duration.ofMillis(100), () -> 0.5));
            client.start();
            AgentMessage hello = sender.received.poll(30, TimeUnit.SECONDS);
            if (hello == null || !hello.hasHello()) throw new IllegalStateException("no hello from the agent");
            clientThread = thread("control-plane");
        }

        /** Sends {@code d} and waits for its ACK (a NACK or none ends the benchmark). */
        void send(DesiredState d) throws InterruptedException {
            sender.out.onNext(ControlMessage.newBuilder().setDesired(d).build());
            while (true) {
                AgentMessage m = sender.received.poll(5, TimeUnit.MINUTES);
                if (m == null) throw new IllegalStateException("no answer to revision " + d.getRevision());
                if (m.hasNack()) throw new IllegalStateException("revision " + d.getRevision() + " refused: " + m);
                if (m.hasAck()) {
                    if (m.getAck().getRevision() != d.getRevision())
                        throw new IllegalStateException("ACK of " + m.getAck().getRevision());
                    return;
                }
            }
        }

        /** Waits until the client's and the loop's threads wait for work (after an ACK they end their round). */
        void quiet() throws InterruptedException {
            for (Thread t : List.of(clientThread, loopThread)) {
                while (t.getState() == Thread.State.RUNNABLE) Thread.sleep(0, 100_000);
            }
        }

        /** CPU time of the client's and the loop's threads so far, in ns. */
        long workerCpu() {
            return THREADS.getThreadCpuTime(clientThread.getId()) + THREADS.getThreadCpuTime(loopThread.getId());
        }

        private static Thread thread(String name) {
            return Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no thread " + name));
        }

        @Override
        public void close() throws IOException, InterruptedException {
            client.close();
            loop.stop();
            loopThread.join(5_000);
            health.monitor.close();
            server.shutdownNow();
            try (Stream<Path> files = Files.walk(stateDir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
    }

    /** The control plane's end of the stream: what the agent sends is queued. */
    private static final class Sender extends AgentServiceGrpc.AgentServiceImplBase {
        final BlockingQueue<AgentMessage> received = new LinkedBlockingQueue<>();
        volatile StreamObserver<ControlMessage> out;

        @Override
        public StreamObserver<AgentMessage> connect(StreamObserver<ControlMessage> responses) {
            out = responses;
            return new StreamObserver<>() {
                @Override
                public void onNext(AgentMessage m) {
                    received.add(m);
                }

                @Override
                public void onError(Throwable t) {
                    received.add(AgentMessage.getDefaultInstance());
                }

                @Override
                public void onCompleted() {}
            };
        }
    }

    /** A kernel that takes every step at once and keeps nothing (its table is not in the agent's memory). */
    private static final class Discarding implements IpvsKernel {
        @Override
        public Table dump() {
            return Table.EMPTY;
        }

        @Override
        public void apply(Step step) {}
    }
}
