package io.fulcrum.controlplane.service.rules;

import io.fulcrum.controlplane.service.Stored;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.codec.DocumentCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decoded virtual servers (without their real servers) by row id and version, for real-server
 * writes, which check against their virtual server: decoding its spec once per version instead of
 * once per write. A version identifies the spec exactly, so an entry by id and version is never
 * stale; the one by name is a guess that the writer confirms in its statement.
 */
@ApplicationScoped
public class ParentCache {
    static final int MAX_ENTRIES = 10_000;

    /** A virtual server as last read: its row id and version identify it exactly. */
    record Known(long id, long version, VirtualServer value) {}

    private final Map<Long, Known> entries = new ConcurrentHashMap<>();
    private final Map<String, Known> byName = new ConcurrentHashMap<>();

    VirtualServer get(long id, long version, String spec) {
        Known e = entries.get(id);
        if (e != null && e.version == version) return e.value;
        VirtualServer v = DocumentCodec.decodeVirtualServer(Stored.json(spec));
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
            byName.clear();
        }
        Known k = new Known(id, version, v);
        entries.put(id, k);
        byName.put(v.name(), k);
        return v;
    }

    /** The virtual server of this name as last read, or null; a writer must check it is still current. */
    Known lastRead(String name) {
        return byName.get(name);
    }
}
