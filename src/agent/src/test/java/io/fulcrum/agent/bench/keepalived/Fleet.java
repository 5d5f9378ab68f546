package io.fulcrum.agent.bench.keepalived;

import io.fulcrum.keepalived.KeepalivedExport;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.codec.DocumentCodec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the benchmark configures, as one immutable value: a {@link BenchCase} plus the changes made since
 * (weights, added real servers). From it come the Fulcrum document, keepalived.conf (the project's own
 * exporter, {@link KeepalivedExport}) and the table the kernel must hold ({@link #expected()}).
 * <p>
 * Addresses: virtual server {@code i} is 10.(100 + t / 256).(t % 256).h:80 with t = i / 250 and h = i % 250 + 1
 * (no .0, no .255); its real server {@code d} is 10.(200 + d).(t % 256).h:80 (a real server added by the
 * benchmark takes the next d). Real servers are checked on their own address and port. One VRRP group, a
 * single member, carries the first {@link #GROUP_VIPS} VIPs on the {@link Segment}'s director interface, as
 * a director's vrrp_instance would.
 */
public final class Fleet {
    public static final String DIRECTOR = "lb1";
    public static final int PORT = 80;
    /** The VRRP group both programs run for the first VIPs, on the director's side of the {@link Segment}. */
    public static final String VRRP_GROUP = "vg1";

    public static final int VRID = 51;
    public static final int ADVERT_SECONDS = 1;
    /**
     * How many VIPs the VRRP group carries (the first virtual servers'): a VRRPv2 advert lists them all, and
     * keepalived asks for virtual_ipaddress_excluded beyond 20.
     */
    public static final int GROUP_VIPS = 10;

    private final BenchCase c;
    private final Map<Long, Integer> weights; // (service << 8 | dest) -> weight, when not 1
    private final Set<Integer> added; // services with one real server more

    private Fleet(BenchCase c, Map<Long, Integer> weights, Set<Integer> added) {
        this.c = c;
        this.weights = Map.copyOf(weights);
        this.added = Set.copyOf(added);
    }

    public static Fleet of(BenchCase c) {
        return new Fleet(c, Map.of(), Set.of());
    }

    public BenchCase benchCase() {
        return c;
    }

    /** This fleet with real server {@code dest} of virtual server {@code service} at {@code weight}. */
    public Fleet withWeight(int service, int dest, int weight) {
        check(service, dest);
        Map<Long, Integer> w = new HashMap<>(weights);
        if (weight == 1) w.remove(key(service, dest));
        else w.put(key(service, dest), weight);
        return new Fleet(c, w, added);
    }

    /** This fleet with one real server more on virtual server {@code service} (index {@link #dests(int)} before). */
    public Fleet withAddedRealServer(int service) {
        check(service, 0);
        Set<Integer> a = new HashSet<>(added);
        if (!a.add(service)) throw new IllegalArgumentException("service " + service + " already has one added");
        return new Fleet(c, weights, a);
    }

    public int dests(int service) {
        return c.dests() + (added.contains(service) ? 1 : 0);
    }

    public int weight(int service, int dest) {
        return weights.getOrDefault(key(service, dest), 1);
    }

    public static String serviceAddress(int i) {
        int t = i / 250;
        return "10." + (100 + t / 256) + "." + (t % 256) + "." + (i % 250 + 1);
    }

    public static String realServerAddress(int i, int d) {
        int t = i / 250;
        return "10." + (200 + d) + "." + (t % 256) + "." + (i % 250 + 1);
    }

    /** The kernel's key of virtual server {@code i}, as {@link Snapshot} writes it. */
    public static String serviceKey(int i) {
        return serviceAddress(i) + ":" + PORT;
    }

    public static String destinationKey(int i, int d) {
        return realServerAddress(i, d) + ":" + PORT;
    }

    /** The table the kernel holds once this fleet is applied and every real server is healthy. */
    public Snapshot expected() {
        Map<String, Map<String, Integer>> services = new LinkedHashMap<>();
        for (int i = 0; i < c.services(); i++) {
            Map<String, Integer> d = new LinkedHashMap<>();
            for (int j = 0; j < dests(i); j++) d.put(destinationKey(i, j), weight(i, j));
            services.put(serviceKey(i), d);
        }
        return new Snapshot(services);
    }

    /** The Fulcrum configuration document: one director, every virtual server served by it. */
    public String documentJson() {
        StringBuilder b = new StringBuilder(128 * c.realServers() + 1024);
        b.append("{\"apiVersion\":\"fulcrum/v1\",\"directors\":[{\"name\":\"")
                .append(DIRECTOR)
                .append("\",\"managementAddress\":\"192.0.2.1\"}],");
        vrrpGroup(b);
        b.append("\"virtualServers\":[");
        String check = c.check().equals("http")
                ? "{\"type\":\"http\",\"intervalSeconds\":" + c.intervalSeconds()
                        + ",\"timeoutSeconds\":3,\"retries\":0,\"http\":{\"urls\":[{\"path\":\"/\"}]}}"
                : "{\"type\":\"tcp\",\"intervalSeconds\":" + c.intervalSeconds()
                        + ",\"timeoutSeconds\":3,\"retries\":0}";
        for (int i = 0; i < c.services(); i++) {
            if (i > 0) b.append(',');
            b.append("{\"name\":\"vs-")
                    .append(i)
                    .append("\",\"address\":\"")
                    .append(serviceAddress(i))
                    .append("\",\"port\":")
                    .append(PORT)
                    .append(",\"scheduler\":\"wrr\",\"forwarding\":\"")
                    .append(c.forwarding())
                    .append("\",\"directors\":[\"")
                    .append(DIRECTOR)
                    .append("\"],\"healthCheck\":")
                    .append(check)
                    .append(",\"realServers\":[");
            for (int d = 0; d < dests(i); d++) {
                if (d > 0) b.append(',');
                b.append("{\"name\":\"rs-")
                        .append(d)
                        .append("\",\"address\":\"")
                        .append(realServerAddress(i, d))
                        .append("\",\"port\":")
                        .append(PORT)
                        .append(",\"weight\":")
                        .append(weight(i, d))
                        .append('}');
            }
            b.append("]}");
        }
        return b.append("]}").toString();
    }

    /** {@code "vrrpGroups":[...],}: the one group, its member this director, the first VIPs as /32. */
    private void vrrpGroup(StringBuilder b) {
        b.append("\"vrrpGroups\":[{\"name\":\"")
                .append(VRRP_GROUP)
                .append("\",\"vrid\":")
                .append(VRID)
                .append(",\"interface\":\"")
                .append(Segment.DIRECTOR_INTERFACE)
                .append("\",\"advertIntervalSeconds\":")
                .append(ADVERT_SECONDS)
                .append(",\"virtualAddresses\":[");
        for (int i = 0; i < Math.min(GROUP_VIPS, c.services()); i++) {
            if (i > 0) b.append(',');
            b.append("{\"address\":\"").append(serviceAddress(i)).append("/32\"}");
        }
        b.append("],\"members\":[{\"director\":\"").append(DIRECTOR).append("\",\"priority\":150}]}],");
    }

    public ConfigDocument document() {
        return DocumentCodec.decodeDocument(DocumentCodec.parse(documentJson()), false);
    }

    /** The same configuration as keepalived.conf, written by the project's exporter. */
    public String keepalivedConf() {
        return KeepalivedExport.export(document(), DIRECTOR, true);
    }

    private void check(int service, int dest) {
        if (service < 0 || service >= c.services() || dest < 0 || dest >= dests(service))
            throw new IllegalArgumentException("no real server " + dest + " on virtual server " + service);
    }

    private static long key(int service, int dest) {
        return ((long) service << 8) | dest;
    }
}
