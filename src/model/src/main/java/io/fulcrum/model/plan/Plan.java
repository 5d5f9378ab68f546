package io.fulcrum.model.plan;

import io.fulcrum.model.FieldError;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The plan of a document against the stored state: the changes in the order they must be applied,
 * every refusal (JSON pointers into the document), warnings, and how many resources each action
 * touches. It holds no secret value.
 *
 * @param basedOnRevision the stored revision the plan was made on (apply with If-Match: it)
 * @param changes         creates and updates of directors, VRRP groups, virtual servers, real servers,
 *                        then deletes in the reverse order; unchanged and kept ones only when asked
 * @param counts          resources per action, every action present (unchanged and kept ones included)
 */
public record Plan(
        Long basedOnRevision,
        List<PlanChange> changes,
        Map<PlanChange.Action, Integer> counts,
        List<FieldError> errors,
        List<FieldError> warnings) {

    public Plan {
        changes = List.copyOf(changes);
        EnumMap<PlanChange.Action, Integer> all = new EnumMap<>(PlanChange.Action.class);
        for (PlanChange.Action a : PlanChange.Action.values()) all.put(a, counts.getOrDefault(a, 0));
        counts = Collections.unmodifiableMap(all);
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public int count(PlanChange.Action a) {
        return counts.get(a);
    }

    /** True when the document may not be applied. */
    public boolean refused() {
        return !errors.isEmpty();
    }

    /** True when applying would write anything (a create, update or delete). */
    public boolean writes() {
        return count(PlanChange.Action.CREATE) + count(PlanChange.Action.UPDATE) + count(PlanChange.Action.DELETE) > 0;
    }
}
