package io.fulcrum.agent.run;

import io.fulcrum.agent.reconcile.Plan;
import io.fulcrum.agent.reconcile.PlanText;
import io.fulcrum.agent.reconcile.Reconciler;
import io.fulcrum.agent.reconcile.Step;
import io.fulcrum.health.HealthEvent;

import java.io.PrintStream;
import java.time.Instant;

/** How the agent tells an operator what it did: plans, kernel refusals, health changes. */
public final class Reports {
    private Reports() {}

    /** Prints the plan and what came of it; 0 when every step took effect, else 1. */
    public static int report(Reconciler.Result r, PrintStream out, PrintStream err) {
        print(r.plan(), out, "");
        if (r.converged()) {
            out.println(Instant.now() + " applied " + r.applied() + " step(s)");
            return 0;
        }
        r.failures().forEach((i, e) -> err.println(Instant.now() + " the kernel refused: " + PlanText.describe(r.plan().steps().get(i)) + ": " + e.getMessage()));
        err.println(Instant.now() + " applied " + r.applied() + " of " + r.plan().steps().size() + " step(s); the next reconcile starts from the kernel's table");
        return 1;
    }

    public static void print(Plan plan, PrintStream out, String prefix) {
        for (Step s : plan.steps()) out.println(prefix + PlanText.describe(s));
        for (Plan.Drift d : plan.drift()) out.println("drift: " + d.service() + ": " + d.description());
    }

    public static String describe(HealthEvent e) {
        if (e instanceof HealthEvent.RealServerChanged c) {
            return "real server " + c.virtualServer() + "/" + c.realServer() + " is " + c.health().name().toLowerCase()
                    + (c.weight() != null ? " (weight " + c.weight() + ")" : "") + ": " + c.reason();
        }
        if (e instanceof HealthEvent.QuorumChanged q) {
            return "virtual server " + q.virtualServer() + (q.up() ? " has" : " lost") + " quorum: " + q.reason();
        }
        HealthEvent.SorryServerChanged s = (HealthEvent.SorryServerChanged) e;
        return "virtual server " + s.virtualServer() + ": sorry server " + (s.active() ? "in" : "out");
    }
}
