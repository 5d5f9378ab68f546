package io.fulcrum.health.decide;

/** Whether a real server is fit to receive traffic, as its health check judges it. */
public enum Health {
    UP,
    DOWN
}
