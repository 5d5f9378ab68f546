package io.fulcrum.health;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable map made of an immutable base and layers of changes over it (a key mapped to null: removed),
 * so that a snapshot that differs from the last one in a few entries costs those entries, not a copy of
 * every entry. The layers are kept as a binary counter keeps its digits: a new layer is merged with the one
 * below while that one is not more than twice as large, so an entry is copied O(log n) times in all and a
 * lookup looks at O(log n) layers; once the layers hold a quarter of the base, everything is folded into
 * a new base.
 */
final class Overlaid<K, V> extends AbstractMap<K, V> {
    private final Map<K, V> base;
    /** Newest first; each immutable once made. */
    private final List<Map<K, V>> layers;

    private final int size;
    /** Entries in the layers, all together. */
    private final int layered;

    private Overlaid(Map<K, V> base, List<Map<K, V>> layers, int size) {
        this.base = base;
        this.layers = layers;
        this.size = size;
        int n = 0;
        for (Map<K, V> l : layers) n += l.size();
        this.layered = n;
    }

    /** {@code map} with {@code changes} (null values: the key removed); neither is changed. */
    static <K, V> Map<K, V> of(Map<K, V> map, Map<K, V> changes) {
        if (changes.isEmpty()) return map;
        int size = map.size();
        for (Map.Entry<K, V> e : changes.entrySet()) {
            boolean was = map.containsKey(e.getKey());
            if (e.getValue() == null && was) size--;
            else if (e.getValue() != null && !was) size++;
        }
        Map<K, V> base = map;
        List<Map<K, V>> layers = new ArrayList<>();
        int layered = 0;
        if (map instanceof Overlaid<K, V> o) {
            base = o.base;
            layers.addAll(o.layers);
            layered = o.layered;
        }
        Map<K, V> top = new HashMap<>(changes);
        while (!layers.isEmpty() && layers.get(0).size() <= 2 * top.size()) {
            Map<K, V> below = new HashMap<>(layers.remove(0));
            below.putAll(top);
            top = below;
        }
        layers.add(0, top);
        if (layered + changes.size() > Math.max(64, base.size() / 4)) { // folded: a copy now and then
            Map<K, V> flat = new HashMap<>(base);
            for (int i = layers.size() - 1; i >= 0; i--) {
                layers.get(i).forEach((k, v) -> {
                    if (v == null) flat.remove(k);
                    else flat.put(k, v);
                });
            }
            return Map.copyOf(flat);
        }
        return new Overlaid<>(base, List.copyOf(layers), size);
    }

    /** The layer that has {@code key}, or null: the base's. */
    private Map<K, V> layerOf(Object key) {
        for (Map<K, V> l : layers) if (l.containsKey(key)) return l;
        return null;
    }

    @Override
    public V get(Object key) {
        Map<K, V> l = layerOf(key);
        return l != null ? l.get(key) : base.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        Map<K, V> l = layerOf(key);
        return l != null ? l.get(key) != null : base.containsKey(key);
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
                List<Map.Entry<K, V>> out = new ArrayList<>(size);
                Set<K> seen = new HashSet<>();
                for (Map<K, V> l : layers) {
                    for (Map.Entry<K, V> e : l.entrySet()) {
                        if (seen.add(e.getKey()) && e.getValue() != null) out.add(Map.entry(e.getKey(), e.getValue()));
                    }
                }
                for (Map.Entry<K, V> e : base.entrySet()) if (!seen.contains(e.getKey())) out.add(e);
                return out.iterator();
            }
        };
    }
}
