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
 * An immutable map of strings in key order, made of a base shared between versions and a layer of
 * the changes made since it (a removal is a key mapped to null). A new version with a few changes
 * copies the layer, not the base; once the layer is large compared to the base it is folded into a
 * new base. So a version costs about √n instead of n: a virtual server with many
 * real servers, some of which are written, does not cost its size on every refresh of the model.
 */
final class LayeredMap extends AbstractMap<String, String> {
    static final LayeredMap EMPTY = new LayeredMap(new TreeMap<>(), new TreeMap<>(), 0);

    /** Neither map is changed once this version exists: later versions share them. */
    private final TreeMap<String, String> base;

    private final TreeMap<String, String> layer;
    private final int size;

    private LayeredMap(TreeMap<String, String> base, TreeMap<String, String> layer, int size) {
        this.base = base;
        this.layer = layer;
        this.size = size;
    }

    static LayeredMap of(SortedMap<String, String> entries) {
        return new LayeredMap(new TreeMap<>(entries), new TreeMap<>(), entries.size());
    }

    /** This map with {@code put} set and {@code removed} gone; this same map when that changes nothing. */
    LayeredMap with(Map<String, String> put, Set<String> removed) {
        TreeMap<String, String> next = null;
        int n = size;
        for (String k : removed) {
            if (!containsKey(k)) continue;
            if (next == null) next = new TreeMap<>(layer);
            if (base.containsKey(k)) next.put(k, null);
            else next.remove(k);
            n--;
        }
        for (var e : put.entrySet()) {
            String old = get(e.getKey());
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
            TreeMap<String, String> folded = new TreeMap<>(base);
            for (var e : next.entrySet()) {
                if (e.getValue() == null) folded.remove(e.getKey());
                else folded.put(e.getKey(), e.getValue());
            }
            return new LayeredMap(folded, new TreeMap<>(), n);
        }
        return new LayeredMap(base, next, n);
    }

    @Override
    public String get(Object key) {
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
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Entry<String, String>> iterator() {
                Iterator<Entry<String, String>> b = base.entrySet().iterator();
                Iterator<Entry<String, String>> l = layer.entrySet().iterator();
                return new Iterator<>() {
                    Entry<String, String> nextBase = b.hasNext() ? b.next() : null;
                    Entry<String, String> nextLayer = l.hasNext() ? l.next() : null;
                    Entry<String, String> next = advance();

                    private Entry<String, String> advance() {
                        while (nextBase != null || nextLayer != null) {
                            int c = nextBase == null
                                    ? 1
                                    : nextLayer == null ? -1 : nextBase.getKey().compareTo(nextLayer.getKey());
                            Entry<String, String> e;
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
                    public Entry<String, String> next() {
                        if (next == null) throw new NoSuchElementException();
                        Entry<String, String> e = next;
                        next = advance();
                        return e;
                    }
                };
            }
        };
    }
}
