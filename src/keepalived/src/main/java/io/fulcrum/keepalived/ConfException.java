package io.fulcrum.keepalived;

/** A keepalived.conf that cannot be read: unbalanced braces, an include that matches nothing readable. */
public final class ConfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfException(String where, String message) {
        super(where + ": " + message);
    }
}
