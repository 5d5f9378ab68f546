package io.fulcrum.agent.fullnat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pure: the changes that make the agent's nftables table hold exactly the wanted rules. A rule is known
 * by its comment ({@link FullnatNft#comment}: the service and a digest of the whole rule), so a rule
 * still wanted is left as it is (an agent restart disturbs nothing), a changed one is added anew before
 * the old one is deleted, and everything else in the table (it is the agent's own) is deleted, rule by
 * rule. With nothing wanted, the emptied table goes too: an idle nat hook would keep conntrack busy.
 */
public final class FullnatPlanner {
    private FullnatPlanner() {}

    /** Rules to add, rules to delete (by handle), and whether to create or delete the table and its chain. */
    public record Plan(List<FullnatRule> add, List<Installed.Rule> delete, boolean createTable, boolean deleteTable) {
        public Plan {
            add = List.copyOf(add);
            delete = List.copyOf(delete);
        }

        public boolean isEmpty() {
            return add.isEmpty() && delete.isEmpty() && !createTable && !deleteTable;
        }

        @Override
        public String toString() {
            return "add " + add.size() + " rule(s), delete " + delete.size() + " rule(s)"
                    + (createTable ? ", create the table" : "") + (deleteTable ? ", delete the table" : "");
        }
    }

    public static Plan plan(List<FullnatRule> wanted, Installed current) {
        Map<String, FullnatRule> byComment = new LinkedHashMap<>();
        for (FullnatRule r : wanted) byComment.putIfAbsent(FullnatNft.comment(r), r);
        Set<String> kept = new HashSet<>();
        List<Installed.Rule> delete = new ArrayList<>();
        for (Installed.Rule r : current.rules()) {
            // a rule not wanted, or a second copy of a wanted one
            if (!byComment.containsKey(r.comment()) || !kept.add(r.comment())) delete.add(r);
        }
        List<FullnatRule> add = new ArrayList<>();
        for (Map.Entry<String, FullnatRule> e : byComment.entrySet())
            if (!kept.contains(e.getKey())) add.add(e.getValue());
        boolean create = !byComment.isEmpty() && (!current.table() || !current.chain());
        boolean drop = byComment.isEmpty() && current.table();
        return new Plan(add, delete, create, drop);
    }
}
