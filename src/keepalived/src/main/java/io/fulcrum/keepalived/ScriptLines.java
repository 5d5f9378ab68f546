package io.fulcrum.keepalived;

import io.fulcrum.keepalived.ImportReport.Status;
import io.fulcrum.model.Hook;
import java.util.List;

/**
 * keepalived's script lines as Fulcrum's hooks: {@code notify_master}, {@code notify}, {@code quorum_up},
 * {@code notify_up} and the like take {@code <STRING>|<QUOTED-STRING> [username [groupname]]}
 * (keepalived.conf(5)): the first word is the command line, a path alone unquoted or quoted "with its
 * arguments", split as keepalived splits it ({@link Words#scriptLine}); the words after it name a user
 * and group to run it as.
 */
final class ScriptLines {
    private ScriptLines() {}

    /** What became of one line: the hook (null when none), and the report's verdict with its note. */
    record Parsed(Hook hook, Status status, String note) {}

    static Parsed hook(ConfNode n) {
        if (n.arg(0) == null) return new Parsed(null, Status.NOT_SUPPORTED, "no script");
        List<String> argv = Words.scriptLine(n.arg(0));
        String refused = refused(argv, n.arg(0));
        if (refused != null) return new Parsed(null, Status.NOT_SUPPORTED, refused);
        Hook hook = new Hook(argv.get(0), argv.subList(1, argv.size()));
        if (n.args().size() > 1)
            return new Parsed(
                    hook,
                    Status.APPROXIMATED,
                    "runs as the agent's script user (nobody), not as "
                            + String.join(":", n.args().subList(1, n.args().size())));
        return new Parsed(
                hook,
                Status.MAPPED,
                hook.arguments().isEmpty() ? null : "the script with arguments " + hook.arguments());
    }

    /**
     * The note for a script line with words after its first one, or null: keepalived runs the first word
     * alone (a vrrp_script's {@code script}, a {@code misc_path}: set_script_params_array reads only it).
     */
    static String wordsLeftOut(ConfNode n) {
        if (n.args().size() <= 1) return null;
        return "only the first word is the command, as keepalived reads it: the words after it ("
                + String.join(" ", n.args().subList(1, n.args().size()))
                + ") are left out; quote the whole command line to give arguments";
    }

    /** Why {@code argv} (from {@code text}) cannot be a Fulcrum hook or track script, or null when it can. */
    static String refused(List<String> argv, String text) {
        if (argv == null) return "an unmatched quote in '" + text + "' (keepalived refuses it too)";
        if (argv.isEmpty() || !argv.get(0).startsWith("/"))
            return "'" + text + "' does not start with an absolute path: agents run only scripts from their allowed"
                    + " directory; put the command in a script there";
        if (argv.get(0).chars().anyMatch(Character::isWhitespace))
            return "the script's path '" + argv.get(0) + "' holds whitespace: Fulcrum refuses such paths";
        if (argv.stream().anyMatch(a -> a.indexOf('\0') >= 0))
            return "a NUL character in '" + text + "': a program's arguments cannot hold one";
        return null;
    }
}
