package io.fulcrum.controlplane.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.controlplane.service.read.ModelReads;
import io.fulcrum.controlplane.service.rules.DirectorRules;
import io.fulcrum.controlplane.service.rules.RealServerRules;
import io.fulcrum.controlplane.service.rules.VirtualServerRules;
import io.fulcrum.controlplane.service.rules.VrrpGroupRules;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Director;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The service layer as REST and gRPC call it: reads ({@link ModelReads}, each in one transaction)
 * and writes of directors, VRRP groups, virtual and real servers. A write's rules (what it checks,
 * which references it keeps, what it may change) are in {@code service.rules}, one class per kind;
 * the rows it reads and writes are the stores' ({@code store}). A write locks the rows it changes
 * (so If-Match cannot lose an update), runs every check, writes, and ends with one revision and one
 * audit record ({@code Revisions}). PostgreSQL's constraints back every check against racing
 * writers. Writes run through {@code GroupCommit}: concurrent writes share a transaction, each in
 * its own savepoint, so any refusal undoes that write alone.
 */
@ApplicationScoped
public class ModelService {
    @Inject
    ModelReads reads;

    @Inject
    DirectorRules directors;

    @Inject
    VrrpGroupRules vrrpGroups;

    @Inject
    VirtualServerRules virtualServers;

    @Inject
    RealServerRules realServers;

    /** A written resource as stored, and whether the write created it. */
    public record Written<T>(Stored<T> stored, boolean created) {}

    /**
     * A director's live status. {@code connected} only while its agent's replica keeps marking it
     * seen: a replica that died cannot leave a director connected for longer than {@link #SILENCE}.
     */
    public record DirectorStatus(
            boolean connected, OffsetDateTime lastSeen, Long appliedRevision, JsonNode lastNack, String agentVersion) {
        public static final Duration SILENCE = Duration.ofSeconds(35);

        /** Connected as its row says, and seen within {@link #SILENCE}. */
        public static boolean connected(boolean marked, OffsetDateTime lastSeen) {
            return marked
                    && lastSeen != null
                    && lastSeen.isAfter(OffsetDateTime.now(ZoneOffset.UTC).minus(SILENCE));
        }
    }

    // ------------------------------------------------------------------ directors

    /** The agent's last status report (counters, drift, VRRP, health, events) as JSON, or null. */
    public String agentStatus(String name) {
        return reads.agentStatus(name);
    }

    /** A director with its live status, read in one transaction. */
    public ModelReader.DirectorView getDirectorView(String name) {
        return reads.directorView(name);
    }

    public Page<ModelReader.DirectorView> listDirectors(int limit, String pageToken, List<String> labels) {
        return reads.listDirectors(limit, pageToken, labels);
    }

    public Written<Director> putDirector(Director d, Precondition pre, String actor) {
        return directors.put(d, pre, actor);
    }

    public void deleteDirector(String name, Precondition pre, String actor) {
        directors.delete(name, pre, actor);
    }

    // ------------------------------------------------------------------ VRRP groups

    public Stored<VrrpGroup> getVrrpGroup(String name) {
        return reads.vrrpGroup(name);
    }

    public Page<Stored<VrrpGroup>> listVrrpGroups(int limit, String pageToken, List<String> labels) {
        return reads.listVrrpGroups(limit, pageToken, labels);
    }

    public Written<VrrpGroup> putVrrpGroup(VrrpGroup g, Precondition pre, String actor) {
        return vrrpGroups.put(g, pre, actor);
    }

    public void deleteVrrpGroup(String name, Precondition pre, String actor) {
        vrrpGroups.delete(name, pre, actor);
    }

    // ------------------------------------------------------------------ virtual servers

    public Stored<VirtualServer> getVirtualServer(String name) {
        return reads.virtualServer(name);
    }

    public Page<Stored<VirtualServer>> listVirtualServers(int limit, String pageToken, List<String> labels) {
        return reads.listVirtualServers(limit, pageToken, labels);
    }

    /** {@code replaceRealServers}: the given real servers are the whole set; otherwise the stored ones stay. */
    public Written<VirtualServer> putVirtualServer(
            VirtualServer v, boolean replaceRealServers, Precondition pre, String actor) {
        return virtualServers.put(v, replaceRealServers, pre, actor);
    }

    public void deleteVirtualServer(String name, Precondition pre, String actor) {
        virtualServers.delete(name, pre, actor);
    }

    // ------------------------------------------------------------------ real servers

    public Stored<RealServer> getRealServer(String vs, String name) {
        return reads.realServer(vs, name);
    }

    public Page<Stored<RealServer>> listRealServers(String vs, int limit, String pageToken, List<String> labels) {
        return reads.listRealServers(vs, limit, pageToken, labels);
    }

    /** Creates or replaces a real server: the hot path of automation ({@link RealServerRules#put}). */
    public Written<RealServer> putRealServer(String vs, RealServer r, Precondition pre, String actor) {
        return realServers.put(vs, r, pre, actor);
    }

    public void deleteRealServer(String vs, String name, Precondition pre, String actor) {
        realServers.delete(vs, name, pre, actor);
    }

    // ------------------------------------------------------------------ whole configuration

    /** Every resource, read in one transaction so the document is one consistent revision. */
    public ConfigDocument export() {
        return reads.export();
    }
}
