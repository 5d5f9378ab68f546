package io.fulcrum.agent.run;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import io.fulcrum.agent.reconcile.Plan;
import io.fulcrum.agent.reconcile.PlanText;
import io.fulcrum.agent.reconcile.Reconciler;
import io.fulcrum.agent.reconcile.Step;
import io.fulcrum.health.HealthEvent;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * How the agent tells an operator what it did: plans, kernel refusals, health changes. The agent logs
 * them ({@link #log}); {@code ipvs apply} prints them as its output ({@link #report}, {@link #print}).
 */
public final class Reports {
    private static final System.Logger LOG = System.getLogger(Reports.class.getName());

    private Reports() {}

    /** Logs the plan (a step a line) and what came of it: the agent's reconcile rounds. */
    public static void log(Reconciler.Result r) {
        for (String line : lines(r.plan(), "")) LOG.log(line.startsWith("drift: ") ? WARNING : INFO, line);
        if (r.converged()) {
            LOG.log(INFO, "applied " + r.applied() + " step(s)");
            return;
        }
        r.failures()
                .forEach((i, e) -> LOG.log(
                        ERROR,
                        "the kernel refused: "
                                + PlanText.describe(r.plan().steps().get(i)) + ": " + e.getMessage()));
        LOG.log(
                WARNING,
                "applied " + r.applied() + " of " + r.plan().steps().size()
                        + " step(s); the next reconcile starts from the kernel's table");
    }

    /** Prints the plan and what came of it (ipvs apply's output); 0 when every step took effect, else 1. */
    public static int report(Reconciler.Result r, PrintStream out, PrintStream err) {
        print(r.plan(), out, "");
        if (r.converged()) {
            out.println("applied " + r.applied() + " step(s)");
            return 0;
        }
        r.failures()
                .forEach((i, e) -> err.println("the kernel refused: "
                        + PlanText.describe(r.plan().steps().get(i)) + ": " + e.getMessage()));
        err.println("applied " + r.applied() + " of " + r.plan().steps().size()
                + " step(s); the next reconcile starts from the kernel's table");
        return 1;
    }

    /** Prints the plan, a step a line with {@code prefix} ("would " for a dry run), then the drift seen. */
    public static void print(Plan plan, PrintStream out, String prefix) {
        lines(plan, prefix).forEach(out::println);
    }

    private static List<String> lines(Plan plan, String prefix) {
        List<String> lines = new ArrayList<>();
        for (Step s : plan.steps()) lines.add(prefix + PlanText.describe(s));
        for (Plan.Drift d : plan.drift()) lines.add("drift: " + d.service() + ": " + d.description());
        return lines;
    }

    public static String describe(HealthEvent e) {
        if (e instanceof HealthEvent.RealServerChanged c) {
            return "real server " + c.virtualServer() + "/" + c.realServer() + " is "
                    + c.health().name().toLowerCase() + (c.weight() != null ? " (weight " + c.weight() + ")" : "")
                    + ": " + c.reason();
        }
        if (e instanceof HealthEvent.QuorumChanged q) {
            return "virtual server " + q.virtualServer() + (q.up() ? " has" : " lost") + " quorum: " + q.reason();
        }
        HealthEvent.SorryServerChanged s = (HealthEvent.SorryServerChanged) e;
        return "virtual server " + s.virtualServer() + ": sorry server " + (s.active() ? "in" : "out");
    }
}
