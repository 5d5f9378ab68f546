package io.fulcrum.controlplane.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The faults of a run, from a seed alone: one after the other, each after a gap drawn uniformly from
 * [minGap, maxGap) since the previous one's end, their types in seeded rounds that each hold every type
 * once (so a short run still sees every kind), none ending in the run's quiet tail. Pure.
 */
public final class FaultSchedule {
    private FaultSchedule() {}

    /**
     * @param run          the whole run (writes flow for all of it)
     * @param quietTail    the run's end with no fault, in which everything must converge
     * @param replicaDown  how long a killed replica stays down
     * @param databaseDown how long the killed PostgreSQL stays down
     * @param agentDown    how long killed agents stay down
     * @param pause        how long a paused replica stays stopped (past the agents' keepalive)
     * @param agents       how many agents the run has
     * @param agentsPerKill how many of them one agent fault kills
     */
    public record Settings(
            Duration run,
            Duration quietTail,
            Duration minGap,
            Duration maxGap,
            Duration replicaDown,
            Duration databaseDown,
            Duration agentDown,
            Duration pause,
            int agents,
            int agentsPerKill) {
        public Settings {
            if (minGap.isNegative() || maxGap.compareTo(minGap) < 0)
                throw new IllegalArgumentException("0 <= minGap <= maxGap, not " + minGap + " and " + maxGap);
            if (agents < 1 || agentsPerKill < 1 || agentsPerKill > agents)
                throw new IllegalArgumentException(agentsPerKill + " of " + agents + " agents per kill");
        }

        long hold(FaultType t) {
            return switch (t) {
                case REPLICA_KILL -> replicaDown.toMillis();
                case DATABASE_KILL -> databaseDown.toMillis();
                case AGENT_KILL -> agentDown.toMillis();
                case CONNECTIONS_CUT -> 0;
                case REPLICA_PAUSE -> pause.toMillis();
            };
        }
    }

    /** The replicas a run has: the replica faults target one of them. */
    static final int REPLICAS = 2;

    public static List<Fault> plan(long seed, Settings s) {
        Random random = new Random(seed);
        long end = s.run().minus(s.quietTail()).toMillis();
        long minGap = s.minGap().toMillis();
        long spread = s.maxGap().toMillis() - minGap;
        List<FaultType> round = new ArrayList<>();
        List<Fault> faults = new ArrayList<>();
        long t = 0;
        while (true) {
            if (round.isEmpty()) {
                round.addAll(List.of(FaultType.values()));
                Collections.shuffle(round, random);
            }
            FaultType type = round.remove(0);
            long at = t + minGap + (spread == 0 ? 0 : (long) (random.nextDouble() * spread));
            long hold = s.hold(type);
            if (at + hold > end) return faults;
            faults.add(new Fault(faults.size() + 1, at, type, targets(type, random, s), hold));
            t = at + hold;
        }
    }

    private static List<Integer> targets(FaultType type, Random random, Settings s) {
        if (type == FaultType.DATABASE_KILL) return List.of();
        if (type == FaultType.CONNECTIONS_CUT) return List.of(0, 1); // a network blip: every agent's stream
        if (type != FaultType.AGENT_KILL) return List.of(random.nextInt(REPLICAS));
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < s.agents(); i++) all.add(i);
        Collections.shuffle(all, random);
        List<Integer> picked = new ArrayList<>(all.subList(0, s.agentsPerKill()));
        Collections.sort(picked);
        return picked;
    }
}
