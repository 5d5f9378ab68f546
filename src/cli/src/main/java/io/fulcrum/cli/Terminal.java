package io.fulcrum.cli;

import java.io.InputStream;
import java.io.PrintWriter;

/** The process's standard streams and whether they are a terminal (a fake in tests). */
public interface Terminal {
    /** Output: what the command prints for the user or a script. */
    PrintWriter out();

    /** Errors, hints, prompts and progress. */
    PrintWriter err();

    /** Standard input (a document given as {@code -f -}). */
    InputStream in();

    /** Whether stdout is a terminal: colours are used only then. */
    boolean outIsTerminal();

    /** Whether stdin is a terminal: a command asks a question only then. */
    boolean inIsTerminal();

    /** Prints {@code prompt} on stderr and reads one line; null at the end of the input. */
    String readLine(String prompt);

    /** Reads a secret without echoing it (on a terminal); null at the end of the input. */
    char[] readSecret(String prompt);
}
