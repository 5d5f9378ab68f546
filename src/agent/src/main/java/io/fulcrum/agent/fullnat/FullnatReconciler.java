package io.fulcrum.agent.fullnat;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import io.fulcrum.agent.realserver.Sysctl;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.netlink.nftables.NftCommands;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reconcile = read the agent's nftables table (once, then only after a change or {@link #resync()}),
 * plan (pure, {@link FullnatPlanner}), apply the plan as one libnftables transaction. With any FULLNAT
 * rule wanted it first turns on IPVS's conntrack support, without which the rules never see IPVS's flows
 * (it is left on afterwards: connections IPVS forwards meanwhile keep their entries). libnftables is
 * opened on first use: a director without FULLNAT and without libnftables runs as before.
 */
public final class FullnatReconciler {
    private static final System.Logger LOG = System.getLogger(FullnatReconciler.class.getName());

    /** linux/Documentation/networking/ipvs-sysctl.rst: IPVS keeps netfilter conntrack entries for its flows. */
    public static final String CONNTRACK_SYSCTL = "net.ipv4.vs.conntrack";

    private final Supplier<NftCommands> opener;
    private final Sysctl sysctl;
    private NftCommands nft;
    private Installed known;
    /** What was last logged, so that an unchanged warning or failure is not repeated every round. */
    private List<String> warned = List.of();

    private String failed;

    public FullnatReconciler(NftCommands nft, Sysctl sysctl) {
        this(() -> nft, sysctl);
    }

    /** {@code opener} is called on first use (e.g. {@code Nftables::open}). */
    public FullnatReconciler(Supplier<NftCommands> opener, Sysctl sysctl) {
        this.opener = opener;
        this.sysctl = sysctl;
    }

    /**
     * The agent's round: the rules {@code director} should hold for {@code doc}, reconciled; a new
     * warning (a FULLNAT service without addresses), a change and a new failure are logged.
     */
    public Result reconcile(ConfigDocument doc, String director) {
        FullnatRules.Wanted wanted = FullnatRules.forDirector(doc, director);
        if (!wanted.warnings().equals(warned)) wanted.warnings().forEach(w -> LOG.log(WARNING, "fullnat: " + w));
        warned = wanted.warnings();
        Result r = reconcile(wanted.rules());
        String why = r.failure() == null ? null : r.failure().getMessage();
        if (why != null) {
            if (!why.equals(failed)) LOG.log(WARNING, "fullnat: " + why);
        } else if (!r.plan().isEmpty()) {
            LOG.log(INFO, "fullnat: " + r.plan());
        } else if (failed != null) {
            LOG.log(INFO, "fullnat: the rules are in place");
        }
        failed = why;
        return r;
    }

    /** What one run did: its plan (empty: nothing to change) and the error that stopped it, or null. */
    public record Result(FullnatPlanner.Plan plan, RuntimeException failure) {
        public boolean converged() {
            return failure == null;
        }
    }

    public Result reconcile(List<FullnatRule> wanted) {
        FullnatPlanner.Plan plan = null;
        try {
            if (!wanted.isEmpty() && !"1".equals(sysctl.read(CONNTRACK_SYSCTL))) sysctl.write(CONNTRACK_SYSCTL, "1");
            if (known == null) known = read(!wanted.isEmpty());
            plan = FullnatPlanner.plan(wanted, known);
            if (!plan.isEmpty()) {
                known = null; // the new rules' handles are the kernel's: read them back next time
                commands().run(FullnatNft.commands(plan));
            }
            return new Result(plan, null);
        } catch (RuntimeException e) {
            known = null;
            return new Result(plan, e);
        }
    }

    /** The next run reads the table afresh (to see changes made by others). */
    public void resync() {
        known = null;
    }

    /**
     * What the table holds. With nothing {@code needed}, a failure to open libnftables or to list the
     * tables (no nf_tables in the kernel, say) means there is nothing of ours to take away: no warning.
     */
    private Installed read(boolean needed) {
        boolean hasTable;
        try {
            hasTable = FullnatNft.hasTable(commands().run(FullnatNft.listTables()));
        } catch (RuntimeException e) {
            if (!needed) return Installed.NOTHING; // nothing wanted and nothing to be seen: nothing to do
            throw e;
        }
        if (!hasTable) return Installed.NOTHING;
        return FullnatNft.installed(commands().run(FullnatNft.listTable()));
    }

    private NftCommands commands() {
        if (nft == null) nft = opener.get();
        return nft;
    }
}
