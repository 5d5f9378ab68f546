package io.fulcrum.agent.kernel;

import static java.lang.System.Logger.Level.DEBUG;

import io.fulcrum.agent.reconcile.IpvsKernel;
import io.fulcrum.agent.reconcile.ServiceStats;
import io.fulcrum.agent.reconcile.Step;
import io.fulcrum.agent.table.Table;
import io.fulcrum.netlink.NetlinkException;
import io.fulcrum.netlink.NotFoundException;
import io.fulcrum.netlink.PermissionException;
import io.fulcrum.netlink.ipvs.IpvsClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Supplier;

/**
 * The kernel's IPVS table once the kernel has one. On a kernel without IPVS (ip_vs not loaded, or not
 * built) the agent runs on without it: {@link #unavailable()} says why, and tries the generic netlink
 * family "IPVS" again at most every {@code retry} (on the injected clock), so that the table is
 * programmed once an operator runs {@code modprobe ip_vs}. Every other call needs IPVS to be there and
 * throws {@link UnavailableException} when it is not. Used on the agent loop's thread only.
 */
public final class PollingIpvsKernel implements IpvsKernel, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PollingIpvsKernel.class.getName());

    /** How often an agent without IPVS looks for it again. */
    public static final Duration RETRY = Duration.ofSeconds(10);

    /** Thrown by a call that needs the kernel's IPVS while there is none. */
    public static final class UnavailableException extends IllegalStateException {
        UnavailableException(String reason) {
            super("IPVS unavailable: " + reason);
        }
    }

    private final Supplier<IpvsClient> open;
    private final Clock clock;
    private final Duration retry;

    private IpvsClient client;
    private NetlinkIpvsKernel kernel;
    private String reason = "not looked for yet";
    private Instant nextTry = Instant.MIN;

    /**
     * @param open opens a client on the IPVS family, throwing {@link NotFoundException} when the kernel has
     *     none ({@link IpvsClient#open})
     */
    public PollingIpvsKernel(Supplier<IpvsClient> open, Clock clock, Duration retry) {
        this.open = open;
        this.clock = clock;
        this.retry = retry;
    }

    /** Over a new NETLINK_GENERIC socket, looking again every {@link #RETRY}. */
    public static PollingIpvsKernel system() {
        return new PollingIpvsKernel(IpvsClient::open, Clock.systemUTC(), RETRY);
    }

    /**
     * Why IPVS cannot be programmed now, or empty when it can. While it is missing, it is looked for
     * again when {@code retry} has passed since the last look.
     */
    @Override
    public Optional<String> unavailable() {
        if (kernel != null) return Optional.empty();
        Instant now = clock.instant();
        if (now.isBefore(nextTry)) return Optional.of(reason);
        nextTry = now.plus(retry);
        try {
            client = open.get();
            kernel = new NetlinkIpvsKernel(client);
            reason = null;
            return Optional.empty();
        } catch (NotFoundException e) {
            reason = "this kernel has no IPVS (generic netlink family IPVS not found): load it with 'modprobe ip_vs'";
        } catch (PermissionException e) {
            reason = "the kernel refused the IPVS socket (" + e.getMessage() + "): the agent needs CAP_NET_ADMIN";
        } catch (NetlinkException e) {
            reason = "netlink: " + e.getMessage();
        }
        LOG.log(DEBUG, "IPVS unavailable: " + reason + "; looking again in " + retry.toSeconds() + " s");
        return Optional.of(reason);
    }

    private NetlinkIpvsKernel kernel() {
        if (kernel == null && unavailable().isPresent()) throw new UnavailableException(reason);
        return kernel;
    }

    @Override
    public Table dump() {
        return kernel().dump();
    }

    @Override
    public List<ServiceStats> stats() {
        return kernel().stats();
    }

    @Override
    public void apply(Step step) {
        kernel().apply(step);
    }

    @Override
    public SortedMap<Integer, RuntimeException> applyAll(List<Step> steps) {
        return kernel().applyAll(steps);
    }

    @Override
    public void close() {
        if (client != null) client.close();
    }
}
