/**
 * When checks run: the clock and the one thread the checker's state lives on
 * ({@link io.fulcrum.health.schedule.Timer}; a fake in tests), rounds of attempts at a fixed rate,
 * and a stable jitter that spreads thousands of checks over their interval.
 */
package io.fulcrum.health.schedule;
