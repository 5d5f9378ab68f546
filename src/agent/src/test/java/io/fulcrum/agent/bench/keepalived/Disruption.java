package io.fulcrum.agent.bench.keepalived;

import java.util.HashSet;
import java.util.Set;

/**
 * What else happened to the table while a change went in: pictures of the kernel taken one after another
 * during the change are compared with the one before it; every destination or service of that picture that
 * one of them lacks was removed (and, if the last picture has it again, re-added), and every weight that
 * differs other than the intended one was disturbed. A removal shorter than the time between two pictures
 * can be missed, so a count is a lower bound; the number of pictures says how fine the sampling was.
 */
public final class Disruption {
    private final Snapshot baseline;
    private final Set<String> intended; // "service dest" entries the change is meant to alter
    private final Set<String> servicesMissing = new HashSet<>();
    private final Set<String> destinationsMissing = new HashSet<>();
    private final Set<String> weightsDisturbed = new HashSet<>();
    private int pictures;
    private int worstMissing;

    public Disruption(Snapshot baseline, Set<String> intended) {
        this.baseline = baseline;
        this.intended = Set.copyOf(intended);
    }

    public synchronized void observe(Snapshot now) {
        pictures++;
        SnapshotDiff d = SnapshotDiff.between(baseline, now);
        servicesMissing.addAll(d.servicesRemoved());
        int missing = 0;
        for (String r : d.destinationsRemoved()) {
            if (intended.contains(r)) continue;
            destinationsMissing.add(r);
            missing++;
        }
        worstMissing = Math.max(worstMissing, missing);
        for (String w : d.weightsChanged()) if (!intended.contains(w)) weightsDisturbed.add(w);
    }

    /** The figures so far. */
    public synchronized Result result() {
        return new Result(
                pictures, servicesMissing.size(), destinationsMissing.size(), worstMissing, weightsDisturbed.size());
    }

    /**
     * @param pictures             pictures of the whole table taken during the change
     * @param servicesRemoved      services missing from at least one of them
     * @param destinationsRemoved  destinations (other than the changed one) missing from at least one
     * @param worstMissing         the most destinations missing from one picture
     * @param weightsDisturbed     destinations whose weight differed in at least one picture, other than the changed one
     */
    public record Result(
            int pictures, int servicesRemoved, int destinationsRemoved, int worstMissing, int weightsDisturbed) {
        public boolean none() {
            return servicesRemoved == 0 && destinationsRemoved == 0 && weightsDisturbed == 0;
        }

        public Result plus(Result o) {
            return new Result(
                    pictures + o.pictures,
                    servicesRemoved + o.servicesRemoved,
                    destinationsRemoved + o.destinationsRemoved,
                    Math.max(worstMissing, o.worstMissing),
                    weightsDisturbed + o.weightsDisturbed);
        }

        public static final Result NONE = new Result(0, 0, 0, 0, 0);
    }
}
