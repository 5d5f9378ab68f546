package io.fulcrum.agent.bench.keepalived;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The kernel's IPVS table as the benchmark reads it (one reader per thread). */
public interface Kernel extends AutoCloseable {
    /** The services, "address:port". */
    List<String> services();

    /** The destinations of {@code service}, "address:port" to weight; empty when the service is gone. */
    Map<String, Integer> destinations(String service);

    /** The whole table: the services, then each one's destinations. */
    default Snapshot snapshot() {
        Map<String, Map<String, Integer>> all = new LinkedHashMap<>();
        for (String s : services()) all.put(s, destinations(s));
        return new Snapshot(all);
    }

    @Override
    void close();
}
