package io.fulcrum.agent.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.agent.bench.keepalived.Fleet;
import io.fulcrum.api.agent.v1.DesiredState;
import io.fulcrum.api.agent.v1.Resource;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.wire.agent.DesiredStates;
import io.fulcrum.wire.agent.DesiredStates.Key;
import io.fulcrum.wire.api.Resources;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;

/**
 * A recorded stream of desired states for the agent-delta benchmark: one full snapshot of SERVICES
 * virtual servers x REALS real servers (each real server with a TCP health check), then one-real-server
 * deltas as the control plane's encoder makes them (DesiredStates: the same messages, the digest updated
 * one resource at a time): in turn two weight changes, the removal of a real server, and that real
 * server added back. Written once as length-delimited DesiredState messages, replayed by
 * {@link AgentDeltaBenchmark}. The sequence is seeded: the same arguments give the same file.
 */
final class DeltaStream {
    static final String DIRECTOR = "lb1";

    private DeltaStream() {}

    /** The file for these sizes in {@code dir}, recorded now when it is not there yet. */
    static Path recorded(Path dir, int services, int reals, int deltas) throws IOException {
        Path f = dir.resolve("agent-delta-" + services + "x" + reals + "-" + deltas + ".bin");
        if (Files.exists(f)) return f;
        Files.createDirectories(dir);
        Path tmp = dir.resolve(f.getFileName() + ".tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            record(services, reals, deltas, out);
        }
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return f;
    }

    /** The document of the benchmark: one director, {@code services} x {@code reals}, TCP checks. */
    static ConfigDocument document(int services, int reals) {
        ObjectNode root = DocumentCodec.JSON.createObjectNode();
        root.put("apiVersion", "fulcrum/v1");
        ObjectNode d = root.putArray("directors").addObject();
        d.put("name", DIRECTOR);
        d.put("managementAddress", "10.0.0.1");
        ArrayNode vss = root.putArray("virtualServers");
        for (int i = 0; i < services; i++) {
            ObjectNode v = vss.addObject();
            v.put("name", vsName(i));
            v.put("address", Fleet.serviceAddress(i));
            v.put("port", Fleet.PORT);
            v.put("scheduler", "wrr");
            v.put("forwarding", "dr");
            v.putArray("directors").add(DIRECTOR);
            ArrayNode rs = v.putArray("realServers");
            for (int r = 0; r < reals; r++) rs.add(realServer(i, r, 1));
        }
        return DocumentCodec.decodeDocument(root, false);
    }

    static String vsName(int i) {
        return String.format("vs-%05d", i);
    }

    private static ObjectNode realServer(int service, int r, int weight) {
        ObjectNode o = DocumentCodec.JSON.createObjectNode();
        o.put("name", String.format("rs-%02d", r));
        o.put("address", Fleet.realServerAddress(service, r));
        o.put("weight", weight);
        ObjectNode hc = o.putObject("healthCheck");
        hc.put("type", "tcp");
        hc.put("intervalSeconds", 5);
        hc.put("timeoutSeconds", 2);
        return o;
    }

    private static void record(int services, int reals, int deltas, OutputStream out) throws IOException {
        SortedMap<Key, Resource> state = DesiredStates.resources(document(services, reals));
        long revision = 1;
        DesiredState.Builder snapshot =
                DesiredState.newBuilder().setRevision(revision).setFull(true).setDigest(DesiredStates.digest(state));
        snapshot.addAllPut(state.values());
        snapshot.build().writeDelimitedTo(out);
        snapshot = null;
        DesiredStates.Digest digest = new DesiredStates.Digest();
        state.forEach(digest::add);
        Random random = new Random(42);
        Key removed = null;
        Resource removedBody = null;
        for (int n = 0; n < deltas; n++) {
            DesiredState.Builder d = DesiredState.newBuilder().setRevision(++revision);
            int op = n % 4;
            if (op == 3) { // the real server removed last, back at another weight
                Resource back = withWeight(removed.virtualServer(), removedBody, 1 + random.nextInt(100));
                state.put(removed, back);
                digest.add(removed, back);
                d.addPut(back);
            } else {
                int service = random.nextInt(services);
                Key k = Key.realServer(vsName(service), String.format("rs-%02d", random.nextInt(reals)));
                Resource before = state.get(k);
                digest.remove(k, before);
                if (op == 2) {
                    state.remove(k);
                    removed = k;
                    removedBody = before;
                    d.addRemove(DesiredStates.wire(k));
                } else {
                    Resource after = withWeight(k.virtualServer(), before, 2 + random.nextInt(100));
                    state.put(k, after);
                    digest.add(k, after);
                    d.addPut(after);
                }
            }
            d.setDigest(digest.hex()).build().writeDelimitedTo(out);
        }
    }

    /** A real server at another weight, through the model as the control plane encodes it. */
    private static Resource withWeight(String virtualServer, Resource r, int weight) {
        var model = Resources.realServer(
                r.getRealServer().toBuilder().setWeight(weight).build());
        return DesiredStates.resource(virtualServer, model);
    }

    /** The recorded messages: the snapshot first. */
    static final class Reader implements AutoCloseable {
        private final InputStream in;

        Reader(Path file) throws IOException {
            in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        }

        /** The next message's bytes, or null at the end. */
        byte[] next() throws IOException {
            DesiredState d = DesiredState.parseDelimitedFrom(in);
            return d == null ? null : d.toByteArray();
        }

        List<byte[]> rest() throws IOException {
            List<byte[]> out = new ArrayList<>();
            for (byte[] b; (b = next()) != null; ) out.add(b);
            return out;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
