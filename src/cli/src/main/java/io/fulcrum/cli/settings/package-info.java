/**
 * Where the control plane is and how to authenticate to it: the environment ({@code FULCRUM_URL},
 * {@code FULCRUM_TOKEN} or {@code FULCRUM_TOKEN_FILE}, {@code FULCRUM_CA}) over what {@code login} saved in
 * {@code ~/.config/fulcrum/cli.yaml} (owner-only permissions).
 */
package io.fulcrum.cli.settings;
