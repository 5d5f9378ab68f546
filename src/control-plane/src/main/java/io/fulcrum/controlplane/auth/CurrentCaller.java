package io.fulcrum.controlplane.auth;

import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller of the current request, set by {@link AuthFilter}. */
@RequestScoped
public class CurrentCaller {
    private Caller caller;

    void set(Caller c) {
        caller = c;
    }

    /** The audit actor: the token's name. */
    public String name() {
        if (caller == null) throw new IllegalStateException("no authenticated caller");
        return caller.name();
    }

    /** The caller's token and role (GET /api/v1/whoami). */
    public Caller caller() {
        if (caller == null) throw new IllegalStateException("no authenticated caller");
        return caller;
    }
}
