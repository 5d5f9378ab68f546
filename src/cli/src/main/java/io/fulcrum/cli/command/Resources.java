package io.fulcrum.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.cli.CliException;
import io.fulcrum.cli.http.ControlPlane;
import io.fulcrum.cli.render.ResourceTables;
import io.fulcrum.cli.render.Style;
import io.fulcrum.cli.render.Table;
import java.util.List;

/** The REST paths and table of each kind, for {@code get} and {@code list}. */
final class Resources {
    private Resources() {}

    /**
     * The collection's path: {@code /api/v1/KIND}, or for real servers {@code
     * /api/v1/virtual-servers/VS/real-servers}; {@code names} are the real servers' virtual server first.
     */
    static String collection(Kind kind, List<String> parents) {
        if (kind != Kind.REAL_SERVERS) return "/api/v1/" + kind.plural;
        return "/api/v1/virtual-servers/" + ControlPlane.segment(parents.get(0)) + "/real-servers";
    }

    /** The number of names that address one resource of the kind. */
    static int names(Kind kind) {
        return kind == Kind.REAL_SERVERS ? 2 : 1;
    }

    static void checkNames(Kind kind, List<String> names, int wanted, String usage) {
        if (names.size() != wanted)
            throw new CliException(
                    kind.plural + " take" + (wanted == 1 ? "s " : " ") + wanted + " name" + (wanted == 1 ? "" : "s")
                            + ", got " + names.size(),
                    "usage: " + usage);
    }

    static Table table(Kind kind, List<JsonNode> items, Style style) {
        return switch (kind) {
            case DIRECTORS -> ResourceTables.directors(items, style);
            case VRRP_GROUPS -> ResourceTables.vrrpGroups(items);
            case VIRTUAL_SERVERS -> ResourceTables.virtualServers(items, style);
            case REAL_SERVERS -> ResourceTables.realServers(items, style);
        };
    }
}
