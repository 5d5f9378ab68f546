package io.fulcrum.model.plan;

import io.fulcrum.model.FieldError;
import io.fulcrum.model.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A set of {@code key=value} labels that must all hold, as the list endpoints filter (a resource's
 * labels contain every pair, values compared exactly). The empty selector matches every resource.
 */
public record LabelSelector(Map<String, String> labels) {
    public static final LabelSelector ALL = new LabelSelector(Map.of());

    public LabelSelector {
        labels = Map.copyOf(labels);
    }

    /**
     * Terms as the list endpoints take them ({@code team=payments}, repeated), a term may also carry
     * several pairs separated by commas; {@code field} names the parameter in errors.
     */
    public static LabelSelector parse(String field, List<String> terms) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> labels = new TreeMap<>();
        for (String term : terms) {
            for (String pair : term.split(",", -1)) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    errors.add(new FieldError(field, "'" + pair + "' is not key=value"));
                    continue;
                }
                String key = pair.substring(0, eq), value = pair.substring(eq + 1);
                String before = labels.putIfAbsent(key, value);
                if (before != null && !before.equals(value))
                    errors.add(new FieldError(field, "'" + key + "' is given twice with different values"));
            }
        }
        if (!errors.isEmpty()) throw new ValidationException(errors);
        return new LabelSelector(labels);
    }

    public boolean matches(Map<String, String> resourceLabels) {
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (!e.getValue().equals(resourceLabels.get(e.getKey()))) return false;
        }
        return true;
    }

    public boolean isAll() {
        return labels.isEmpty();
    }

    /** {@code key=value,...} in key order; empty for {@link #ALL}. */
    @Override
    public String toString() {
        return new TreeMap<>(labels)
                .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}
