package io.fulcrum.controlplane.service.read;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * This replica's cache of single-resource reads. Any committed revision empties it: right after a
 * local commit, and on PostgreSQL's NOTIFY for commits of other replicas ({@link RevisionFeed}). A
 * generation number keeps a read that raced with an invalidation from caching what it loaded.
 */
@ApplicationScoped
public class ReadCache {
    static final int MAX_ENTRIES = 50_000;

    private final Map<String, Object> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    @SuppressWarnings("unchecked")
    public <T> T get(String key, Supplier<T> loader) {
        Object hit = entries.get(key);
        if (hit != null) return (T) hit;
        long before = generation.get();
        T loaded = loader.get();
        if (generation.get() == before) {
            if (entries.size() >= MAX_ENTRIES) entries.clear();
            entries.put(key, loaded);
            if (generation.get() != before) entries.remove(key);
        }
        return loaded;
    }

    public void invalidate() {
        generation.incrementAndGet();
        entries.clear();
    }
}
