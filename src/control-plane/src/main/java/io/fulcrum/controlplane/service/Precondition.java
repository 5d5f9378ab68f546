package io.fulcrum.controlplane.service;

/** The conditions a write states about the current resource: If-Match, If-None-Match: *. */
public record Precondition(String ifMatch, boolean createOnly) {
    public static final Precondition NONE = new Precondition(null, false);

    public void check(Stored.Meta current) {
        if (createOnly && current != null)
            throw ApiProblem.preconditionFailed("the resource exists and If-None-Match is *");
        if (ifMatch == null || ifMatch.equals("*") && current != null) return;
        if (current == null) throw ApiProblem.preconditionFailed("If-Match was given but the resource does not exist");
        for (String tag : ifMatch.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) t = t.substring(2);
            if (t.equals(current.etag())) return;
        }
        throw ApiProblem.preconditionFailed(
                "the resource has changed: its ETag is " + current.etag() + ", not " + ifMatch);
    }
}
