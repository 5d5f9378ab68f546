package io.fulcrum.model.plan;

/**
 * How to plan a document against the store.
 *
 * @param prune         delete the stored resources the document leaves out (within the scope); off: they stay
 * @param scope         the stored resources the document owns: only these may be changed or deleted, and
 *                      every resource of the document must match it (a real server goes with its virtual server)
 * @param listUnchanged list unchanged and kept resources among the changes too (they are always counted)
 */
public record PlanOptions(boolean prune, LabelSelector scope, boolean listUnchanged) {
    public static final PlanOptions DEFAULT = new PlanOptions(false, LabelSelector.ALL, false);

    public PlanOptions {
        if (scope == null) scope = LabelSelector.ALL;
    }

    public PlanOptions withPrune(boolean p) {
        return new PlanOptions(p, scope, listUnchanged);
    }

    public PlanOptions withScope(LabelSelector s) {
        return new PlanOptions(prune, s, listUnchanged);
    }

    public PlanOptions withListUnchanged(boolean l) {
        return new PlanOptions(prune, scope, l);
    }
}
