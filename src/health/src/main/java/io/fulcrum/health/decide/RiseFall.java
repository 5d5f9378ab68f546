package io.fulcrum.health.decide;

/**
 * The rise/fall state of one health check (keepalived's checker state, HAProxy's rise/fall): a
 * server that is up goes down after {@code fall} failed rounds in a row, one that is down comes
 * back after {@code rise} good rounds in a row. Immutable; {@link #next} is the whole rule.
 *
 * @param health        the current verdict
 * @param goodInRow     consecutive good rounds (0 after a failure)
 * @param badInRow      consecutive failed rounds (0 after a success)
 */
public record RiseFall(Health health, int goodInRow, int badInRow) {

    /**
     * The state a new check starts in: down with alpha (keepalived "alpha": not in rotation until
     * it has proven itself, which here means {@code rise} good rounds), up otherwise.
     */
    public static RiseFall initial(boolean alpha) {
        return new RiseFall(alpha ? Health.DOWN : Health.UP, 0, 0);
    }

    /** The same verdict with the counters cleared (a check whose schedule changed keeps its verdict). */
    public static RiseFall keeping(Health health) {
        return new RiseFall(health, 0, 0);
    }

    /** The state after one more round. */
    public RiseFall next(boolean ok, int rise, int fall) {
        if (ok) {
            int good = saturatingInc(goodInRow);
            Health h = health == Health.DOWN && good >= rise ? Health.UP : health;
            return new RiseFall(h, good, 0);
        }
        int bad = saturatingInc(badInRow);
        Health h = health == Health.UP && bad >= fall ? Health.DOWN : health;
        return new RiseFall(h, 0, bad);
    }

    public boolean up() {
        return health == Health.UP;
    }

    private static int saturatingInc(int n) {
        return n == Integer.MAX_VALUE ? n : n + 1;
    }
}
