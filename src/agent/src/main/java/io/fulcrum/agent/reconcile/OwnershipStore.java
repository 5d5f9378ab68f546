package io.fulcrum.agent.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fulcrum.agent.table.ServiceKey;
import io.fulcrum.model.Addresses;
import io.fulcrum.model.Enums;
import io.fulcrum.model.codec.DocumentCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;

/**
 * Which IPVS services this agent created, kept in a file so that a restarted agent still knows
 * which rules are its own (and leaves the others alone). Written atomically (rename).
 */
public final class OwnershipStore {
    private final Path file;

    public OwnershipStore(Path stateDir) {
        this.file = stateDir.resolve("owned-services.json");
    }

    public Set<ServiceKey> load() {
        if (!Files.exists(file)) return Set.of();
        try {
            Set<ServiceKey> keys = new HashSet<>();
            for (JsonNode n : DocumentCodec.JSON.readTree(file.toFile())) {
                Enums.AddressFamily family =
                        Enums.AddressFamily.valueOf(n.path("family").asText());
                if (n.has("fwmark")) keys.add(ServiceKey.fwmark(n.get("fwmark").asLong(), family));
                else
                    keys.add(ServiceKey.inet(
                            Addresses.parse(n.path("address").asText()).orElseThrow(),
                            n.path("port").asInt(),
                            Enums.Protocol.valueOf(n.path("protocol").asText())));
            }
            return keys;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(file + " is not a list of services this agent owns: " + e.getMessage(), e);
        }
    }

    public void save(Set<ServiceKey> keys) {
        ArrayNode a = DocumentCodec.JSON.createArrayNode();
        keys.stream().sorted(Comparator.comparing(ServiceKey::toString)).forEach(k -> {
            var o = a.addObject().put("family", k.family().name());
            if (k.isFwmark()) o.put("fwmark", k.fwmark());
            else
                o.put("protocol", k.protocol().name())
                        .put("address", Addresses.format(k.address()))
                        .put("port", k.port());
        });
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, a.toPrettyString());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
