package io.fulcrum.agent.bench.keepalived;

/**
 * One change the benchmark makes, the same for both programs: the fleet after it, and the real server it
 * touches with the weight the kernel must then show for it ({@code addition}: the real server is new).
 */
public record Change(String what, Fleet after, int service, int dest, int weight, boolean addition) {

    /** Real server 0 of virtual server 0 to weight 2. */
    public static Change weight(Fleet f) {
        int w = f.weight(0, 0) == 2 ? 3 : 2;
        return new Change("one real server's weight", f.withWeight(0, 0, w), 0, 0, w, false);
    }

    /** One real server more on the second virtual server (the first when there is one only), weight 1. */
    public static Change addition(Fleet f) {
        int s = Math.min(1, f.benchCase().services() - 1);
        return new Change("one real server added", f.withAddedRealServer(s), s, f.dests(s), 1, true);
    }

    /**
     * Change {@code k} of a deployment rolling through the real servers: virtual servers from the third on,
     * one real server each, then the next real server of each; its weight flips between 1 and 3.
     */
    public static Change rolling(Fleet f, int k) {
        int n = f.benchCase().services();
        int first = Math.min(2, n - 1);
        int span = n - first;
        int s = first + k % span;
        int d = (k / span) % f.benchCase().dests();
        int w = f.weight(s, d) == 1 ? 3 : 1;
        return new Change("rolling change " + (k + 1), f.withWeight(s, d, w), s, d, w, false);
    }

    public String serviceKey() {
        return Fleet.serviceKey(service);
    }

    public String destinationKey() {
        return Fleet.destinationKey(service, dest);
    }

    /** "service dest", as {@link Disruption} names a destination. */
    public String entry() {
        return serviceKey() + " " + destinationKey();
    }
}
