/**
 * bench keepalived (issue 20): the same configuration given to Debian's keepalived and to the agent in the
 * kernel lab, timed and compared as ratios. The decisions (documents, snapshot diffs, ratios, the report) are
 * pure; the processes, the kernel and the responders sit behind small interfaces.
 */
package io.fulcrum.agent.bench.keepalived;
