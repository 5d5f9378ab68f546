package io.fulcrum.vrrp.runtime;

import static io.fulcrum.netlink.nftables.NftJson.F;
import static io.fulcrum.netlink.nftables.NftJson.command;
import static io.fulcrum.netlink.nftables.NftJson.match;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.netlink.nftables.NftCommands;
import io.fulcrum.netlink.nftables.NftJson;
import io.fulcrum.netlink.nftables.NftablesException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Keeps an IPv6 virtual MAC link from sending MLD reports from the shared MAC, as keepalived does
 * (vrrp_nftables.c, setup_rule_move_igmp): joining ff02::12 and its addresses' solicited-node groups on
 * the link sends reports from the virtual MAC, which teaches a snooping switch that the MAC sits on a
 * backup's port too. IPv6 cannot be turned off on that link (a backup receives the master's adverts
 * there), and there is no sysctl as for IGMP. So each report leaving the link is sent out of its parent
 * instead (nft {@code dup}, from the parent's own MAC, so the memberships stay known) and dropped.
 *
 * <p>Table {@code ip6 fulcrum_vmac}: one base chain per virtual MAC link (hook output, filter priority 0),
 * named after the link, holding one rule; replaced whole when the link is created again, deleted when it
 * goes, the table with the host. A table left by a killed run is replaced on first use. nftables missing
 * or refusing is a warning: VRRP works on without the filter.
 */
final class VmacMldFilter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(VmacMldFilter.class.getName());
    static final String FAMILY = "ip6";
    static final String TABLE = "fulcrum_vmac";
    /** MLDv1 report (RFC 2710 §3.6: 131) and MLDv2 report (RFC 3810 §5.2: 143), as nft names them. */
    static final List<String> REPORTS = List.of("mld-listener-report", "mld2-listener-report");

    private final Supplier<NftCommands> open;
    private final Set<String> links = new HashSet<>();
    private NftCommands nft;
    private boolean tableMade;

    /** @param open the nftables connection, opened on first use (in the namespace of the thread using it) */
    VmacMldFilter(Supplier<NftCommands> open) {
        this.open = open;
    }

    /** Filters the reports of {@code vmac} (a link on {@code parent}); a warning when nftables cannot. */
    void add(String vmac, String parent) {
        try {
            NftCommands n = nft();
            if (!tableMade) {
                n.run(resetTable());
                tableMade = true;
            }
            n.run(replaceChain(vmac, parent));
            links.add(vmac);
        } catch (NftablesException e) {
            LOG.log(
                    WARNING,
                    "virtual MAC " + vmac + " may send MLD reports from the shared MAC (switches may then learn it on"
                            + " this director's port): " + e.getMessage());
        }
    }

    /** Stops filtering for {@code vmac} (gone or going). */
    void remove(String vmac) {
        if (!links.remove(vmac)) return;
        try {
            nft().run(deleteChain(vmac));
        } catch (NftablesException e) {
            LOG.log(WARNING, "removing the MLD filter of " + vmac + ": " + e.getMessage());
        }
    }

    /** Deletes the table when this host made it; closes the nftables connection. */
    @Override
    public void close() {
        try {
            if (tableMade) nft.run(deleteTable());
        } catch (NftablesException e) {
            LOG.log(WARNING, "removing nftables table " + FAMILY + " " + TABLE + ": " + e.getMessage());
        } finally {
            if (nft instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.log(WARNING, "closing nftables: " + e.getMessage());
                }
            }
            nft = null;
        }
    }

    private NftCommands nft() {
        if (nft == null) {
            nft = open.get();
            LOG.log(INFO, "MLD reports of IPv6 virtual MACs leave through their parent (nftables " + TABLE + ")");
        }
        return nft;
    }

    // ---- the commands, as libnftables JSON (libnftables-json(5)); each one transaction ----

    /** The table made empty: added (a no-op when it exists), deleted with whatever a killed run left, added. */
    static String resetTable() {
        return batch(add("table", table()), delete("table", table()), add("table", table()));
    }

    /** The link's chain made anew with its one rule. */
    static String replaceChain(String vmac, String parent) {
        ObjectNode chain = chain(vmac).put("type", "filter").put("hook", "output");
        chain.put("prio", 0).put("policy", "accept");
        ObjectNode rule = chain(vmac).put("chain", vmac);
        rule.remove("name");
        rule.put("comment", "fulcrum: MLD of " + vmac + " from " + parent);
        ArrayNode expr = rule.putArray("expr");
        ObjectNode reports = F.objectNode();
        REPORTS.forEach(reports.putArray("set")::add);
        expr.add(match(
                F.objectNode()
                        .set("payload", F.objectNode().put("protocol", "icmpv6").put("field", "type")),
                reports));
        expr.add(match(F.objectNode().set("meta", F.objectNode().put("key", "oifname")), F.textNode(vmac)));
        ObjectNode dup = expr.addObject().putObject("dup");
        dup.putObject("addr").putObject("payload").put("protocol", "ip6").put("field", "daddr");
        dup.put("dev", parent);
        expr.addObject().putNull("drop");
        return batch(add("chain", chain), flush("chain", chain(vmac)), add("rule", rule));
    }

    /** The link's chain emptied and deleted (a chain must be empty to go). */
    static String deleteChain(String vmac) {
        return batch(flush("chain", chain(vmac)), delete("chain", chain(vmac)));
    }

    static String deleteTable() {
        return batch(delete("table", table()));
    }

    private static ObjectNode table() {
        return F.objectNode().put("family", FAMILY).put("name", TABLE);
    }

    private static ObjectNode chain(String name) {
        return F.objectNode().put("family", FAMILY).put("table", TABLE).put("name", name);
    }

    private static ObjectNode add(String kind, ObjectNode what) {
        return command("add", kind, what.deepCopy());
    }

    private static ObjectNode delete(String kind, ObjectNode what) {
        return command("delete", kind, what.deepCopy());
    }

    private static ObjectNode flush(String kind, ObjectNode what) {
        return command("flush", kind, what.deepCopy());
    }

    private static String batch(ObjectNode... commands) {
        return NftJson.batch(List.of(commands));
    }
}
