package io.fulcrum.controlplane.auth;

import io.fulcrum.model.Enums.Role;

/** Who made a request: the token's name (the audit actor) and its role. */
public record Caller(String name, Role role) {}
