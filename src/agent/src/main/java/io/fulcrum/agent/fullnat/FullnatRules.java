package io.fulcrum.agent.fullnat;

import io.fulcrum.agent.table.DesiredTables;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Director;
import io.fulcrum.model.Enums;
import io.fulcrum.model.VirtualServer;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** The one place where the domain model becomes the FULLNAT rules a director should hold. */
public final class FullnatRules {
    private FullnatRules() {}

    /**
     * What {@code director} should hold: a rule per FULLNAT virtual server it serves, and a warning for
     * each that it cannot source-NAT because it has no {@code fullnatAddresses} of the service's family
     * (such a service still goes into IPVS: it masquerades, and its real servers must route back).
     */
    public record Wanted(List<FullnatRule> rules, List<String> warnings) {
        public Wanted {
            rules = List.copyOf(rules);
            warnings = List.copyOf(warnings);
        }
    }

    public static Wanted forDirector(ConfigDocument doc, String director) {
        Director self = doc.directors().stream()
                .filter(d -> d.name().equals(director))
                .findFirst()
                .orElse(null);
        List<FullnatRule> rules = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (VirtualServer v : doc.servedBy(director)) {
            if (v.forwarding() != Enums.Forwarding.FULLNAT || !(v.service() instanceof VirtualServer.InetService))
                continue;
            Enums.AddressFamily family = v.service().family();
            List<InetAddress> pool = self == null ? List.of() : self.fullnatAddresses(family);
            if (pool.isEmpty()) {
                warnings.add("virtual server '" + v.name() + "' forwards with fullnat, but director '" + director
                        + "' has no " + (family == Enums.AddressFamily.INET ? "IPv4" : "IPv6")
                        + " fullnatAddresses: it masquerades only, its real servers see the clients");
            } else {
                rules.add(new FullnatRule(DesiredTables.serviceKey(v), pool));
            }
        }
        return new Wanted(rules, warnings);
    }
}
