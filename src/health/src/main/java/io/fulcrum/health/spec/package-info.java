/**
 * The effective check of each real server (the virtual server's defaults, the real server's overrides,
 * the model's defaults, script paths resolved), or the whole desired state refused with every reason
 * ({@link io.fulcrum.health.spec.HealthConfigException}). Pure but for the script files the
 * {@link io.fulcrum.scripts.ScriptPolicy} looks at.
 */
package io.fulcrum.health.spec;
