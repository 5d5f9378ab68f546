package io.fulcrum.controlplane.agents;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable map from strings in key order, made of a base shared between versions and a layer of
 * the changes made since it (a removal is a key mapped to null). A new version with a few changes
 * copies the layer, not the base; once the layer is large compared to the base it is folded into a
 * new base. So a version costs about √n instead of n: a virtual server with many
 * real servers, some of which are written, does not cost its size on every refresh of the model.
 */
final class LayeredMap<V> extends AbstractMap<String, V> {
    static <V> LayeredMap<V> empty() {
        return new LayeredMap<>(new TreeMap<>(), new TreeMap<>(), 0);
    }

    /** Neither map is changed once this version exists: later versions share them. */
    private final TreeMap<String, V> base;

    private final TreeMap<String, V> layer;
    private final int size;

    private LayeredMap(TreeMap<String, V> base, TreeMap<String, V> layer, int size) {
        this.base = base;
        this.layer = layer;
        this.size = size;
    }

    static <V> LayeredMap<V> of(SortedMap<String, V> entries) {
        return new LayeredMap<>(new TreeMap<>(entries), new TreeMap<>(), entries.size());
    }

    /** {@code m} itself when it is a layered map, else a layered map of its entries (a copy). */
    @SuppressWarnings("unchecked")
    static <V> LayeredMap<V> sharing(Map<String, ? extends V> m) {
        return m instanceof LayeredMap<?> l ? (LayeredMap<V>) l : of(new TreeMap<>(m));
    }

    /** This map with {@code put} set and {@code removed} gone; this same map when that changes nothing. */
    LayeredMap<V> with(Map<String, V> put, Set<String> removed) {
        TreeMap<String, V> next = null;
        int n = size;
        for (String k : removed) {
            if (!containsKey(k)) continue;
            if (next == null) next = new TreeMap<>(layer);
            if (base.containsKey(k)) next.put(k, null);
            else next.remove(k);
            n--;
        }
        for (var e : put.entrySet()) {
            V old = get(e.getKey());
            if (e.getValue().equals(old)) continue;
            if (next == null) next = new TreeMap<>(layer);
            next.put(e.getKey(), e.getValue());
            if (old == null) n++;
        }
        if (next == null) return this;
        // fold once the layer outgrows about 6·√(base): copying it on every version would then cost
        // more than a new base now and then (for a dozen or so changes per version, as a refresh
        // under load carries, the two costs balance there)
        if ((long) next.size() * next.size() > 32L * Math.max(base.size(), 1024)) {
            TreeMap<String, V> folded = new TreeMap<>(base);
            for (var e : next.entrySet()) {
                if (e.getValue() == null) folded.remove(e.getKey());
                else folded.put(e.getKey(), e.getValue());
            }
            return new LayeredMap<>(folded, new TreeMap<>(), n);
        }
        return new LayeredMap<>(base, next, n);
    }

    @Override
    public V get(Object key) {
        if (layer.containsKey(key)) return layer.get(key);
        return base.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        return size;
    }

    /** The entries in key order: the base's and the layer's merged, the layer's winning, removals skipped. */
    @Override
    public Set<Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Entry<String, V>> iterator() {
                Iterator<Entry<String, V>> b = base.entrySet().iterator();
                Iterator<Entry<String, V>> l = layer.entrySet().iterator();
                return new Iterator<>() {
                    Entry<String, V> nextBase = b.hasNext() ? b.next() : null;
                    Entry<String, V> nextLayer = l.hasNext() ? l.next() : null;
                    Entry<String, V> next = advance();

                    private Entry<String, V> advance() {
                        while (nextBase != null || nextLayer != null) {
                            int c = nextBase == null
                                    ? 1
                                    : nextLayer == null ? -1 : nextBase.getKey().compareTo(nextLayer.getKey());
                            Entry<String, V> e;
                            if (c < 0) {
                                e = nextBase;
                                nextBase = b.hasNext() ? b.next() : null;
                            } else {
                                e = nextLayer;
                                nextLayer = l.hasNext() ? l.next() : null;
                                if (c == 0) nextBase = b.hasNext() ? b.next() : null; // the layer's replaces the base's
                            }
                            if (e.getValue() != null) return Map.entry(e.getKey(), e.getValue());
                        }
                        return null;
                    }

                    @Override
                    public boolean hasNext() {
                        return next != null;
                    }

                    @Override
                    public Entry<String, V> next() {
                        if (next == null) throw new NoSuchElementException();
                        Entry<String, V> e = next;
                        next = advance();
                        return e;
                    }
                };
            }
        };
    }
}
