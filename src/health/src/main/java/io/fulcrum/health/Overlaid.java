package io.fulcrum.health;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable map made of an immutable base and a few changes over it (a key mapped to null: removed),
 * so that a snapshot that differs from the last one in a few entries costs those entries, not a copy of
 * every entry. The changes are folded into a new base once they reach an eighth of it: a snapshot costs,
 * on average, a constant per changed entry.
 */
final class Overlaid<K, V> extends AbstractMap<K, V> {
    private final Map<K, V> base;
    private final Map<K, V> changes;
    private final int size;

    private Overlaid(Map<K, V> base, Map<K, V> changes) {
        this.base = base;
        this.changes = changes;
        int n = base.size();
        for (Map.Entry<K, V> e : changes.entrySet()) {
            boolean was = base.containsKey(e.getKey());
            if (e.getValue() == null && was) n--;
            else if (e.getValue() != null && !was) n++;
        }
        this.size = n;
    }

    /** {@code map} with {@code changes} (null values: the key removed); neither is changed. */
    static <K, V> Map<K, V> of(Map<K, V> map, Map<K, V> changes) {
        if (changes.isEmpty()) return map;
        Map<K, V> base = map;
        Map<K, V> all = new HashMap<>();
        if (map instanceof Overlaid<K, V> o) {
            base = o.base;
            all.putAll(o.changes);
        }
        all.putAll(changes);
        if (all.size() > Math.max(64, base.size() / 8)) { // folded: a copy now and then, not one per snapshot
            Map<K, V> flat = new HashMap<>(base);
            all.forEach((k, v) -> {
                if (v == null) flat.remove(k);
                else flat.put(k, v);
            });
            return Map.copyOf(flat);
        }
        return new Overlaid<>(base, all);
    }

    @Override
    public V get(Object key) {
        return changes.containsKey(key) ? changes.get(key) : base.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return changes.containsKey(key) ? changes.get(key) != null : base.containsKey(key);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Map.Entry<K, V>> iterator() {
                return new Iterator<>() {
                    private final Iterator<Map.Entry<K, V>> fromBase =
                            base.entrySet().iterator();
                    private final Iterator<Map.Entry<K, V>> fromChanges =
                            changes.entrySet().iterator();
                    private Map.Entry<K, V> next = advance();

                    private Map.Entry<K, V> advance() {
                        while (fromBase.hasNext()) {
                            Map.Entry<K, V> e = fromBase.next();
                            if (!changes.containsKey(e.getKey())) return e;
                        }
                        while (fromChanges.hasNext()) {
                            Map.Entry<K, V> e = fromChanges.next();
                            if (e.getValue() != null) return Map.entry(e.getKey(), e.getValue());
                        }
                        return null;
                    }

                    @Override
                    public boolean hasNext() {
                        return next != null;
                    }

                    @Override
                    public Map.Entry<K, V> next() {
                        if (next == null) throw new NoSuchElementException();
                        Map.Entry<K, V> e = next;
                        next = advance();
                        return e;
                    }
                };
            }
        };
    }
}
