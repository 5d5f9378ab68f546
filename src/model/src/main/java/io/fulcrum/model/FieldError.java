package io.fulcrum.model;

/** One invalid field: a JSON pointer into the input (or a parameter name) and why it is wrong. */
public record FieldError(String field, String message) {}
