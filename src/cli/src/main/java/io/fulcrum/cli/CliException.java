package io.fulcrum.cli;

import java.util.List;

/**
 * A failure the user can act on: what went wrong, the details (e.g. one line per invalid field), and
 * what to do about it. The command line prints it on stderr and exits 1.
 */
public class CliException extends RuntimeException {
    private final List<String> details;
    private final String hint;

    public CliException(String message, List<String> details, String hint) {
        super(message);
        this.details = List.copyOf(details);
        this.hint = hint;
    }

    public CliException(String message, String hint) {
        this(message, List.of(), hint);
    }

    public CliException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.details = List.of();
        this.hint = hint;
    }

    public List<String> details() {
        return details;
    }

    /** What to do about it; null when there is nothing useful to say. */
    public String hint() {
        return hint;
    }
}
