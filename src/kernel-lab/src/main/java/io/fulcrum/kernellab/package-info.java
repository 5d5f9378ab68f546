/**
 * The kernel lab from Java tests: runs commands and Java checks as root in a throw-away qemu VM with
 * Debian's stock kernel (IPVS and all its schedulers), through the {@code src/kernel-lab/run} harness,
 * and reads back their results. For tests only; no production code depends on it.
 */
package io.fulcrum.kernellab;
