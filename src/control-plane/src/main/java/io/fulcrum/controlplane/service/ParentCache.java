package io.fulcrum.controlplane.service;

import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.codec.DocumentCodec;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decoded virtual servers (without their real servers) by row id and version, for real-server
 * writes, which check against their virtual server: decoding its spec once per version instead of
 * once per write. A version identifies the spec exactly, so an entry is never stale.
 */
@ApplicationScoped
public class ParentCache {
    static final int MAX_ENTRIES = 10_000;

    private record Entry(long version, VirtualServer value) {}

    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();

    VirtualServer get(long id, long version, String spec) {
        Entry e = entries.get(id);
        if (e != null && e.version == version) return e.value;
        VirtualServer v = DocumentCodec.decodeVirtualServer(ModelService.json(spec));
        if (entries.size() >= MAX_ENTRIES) entries.clear();
        entries.put(id, new Entry(version, v));
        return v;
    }
}
