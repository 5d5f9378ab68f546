package io.fulcrum.model.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The leaf-level differences of two document-form trees, as JSON pointers (RFC 6901) relative to their roots. */
final class TreeDiff {
    private TreeDiff() {}

    static List<FieldDiff> diff(JsonNode before, JsonNode after) {
        List<FieldDiff> out = new ArrayList<>();
        walk("", before, after, out);
        return out;
    }

    private static void walk(String path, JsonNode a, JsonNode b, List<FieldDiff> out) {
        if (a == null && b == null) return;
        if (a == null || b == null) {
            out.add(FieldDiff.of(path, a, b));
            return;
        }
        if (a.equals(b)) return;
        if (a.isObject() && b.isObject()) {
            Set<String> fields = new LinkedHashSet<>();
            // in the order of the resource after the change, then the fields it drops
            for (Iterator<String> f = b.fieldNames(); f.hasNext(); ) fields.add(f.next());
            for (Iterator<String> f = a.fieldNames(); f.hasNext(); ) fields.add(f.next());
            for (String f : fields) walk(path + "/" + escape(f), a.get(f), b.get(f), out);
        } else if (a.isArray() && b.isArray()) {
            // by position: an item inserted in the middle shows as changes of the items after it
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) walk(path + "/" + i, a.get(i), b.get(i), out);
        } else {
            out.add(FieldDiff.of(path, a, b));
        }
    }

    /** RFC 6901 §3: '~' is written ~0 and '/' is written ~1 (label keys may hold a '/'). */
    static String escape(String key) {
        return key.indexOf('~') < 0 && key.indexOf('/') < 0
                ? key
                : key.replace("~", "~0").replace("/", "~1");
    }
}
