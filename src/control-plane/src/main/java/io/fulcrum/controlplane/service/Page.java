package io.fulcrum.controlplane.service;

import java.util.List;

/** One page of a list, and the token for the next (null on the last page). */
public record Page<T>(List<T> items, String nextPageToken) {}
