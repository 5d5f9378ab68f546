package io.fulcrum.health;

import io.fulcrum.model.Enums;
import io.fulcrum.model.HealthCheck;
import io.fulcrum.model.Hook;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.VirtualServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Model objects for tests, with every field the tests do not care about at its default. */
public final class Fixtures {
    private Fixtures() {}

    public static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    /** A health check builder: every field null (inherit) until set. */
    public static final class Hc {
        Enums.CheckType type;
        Duration interval, timeout, delay;
        Integer retries, fall, rise, port;
        InetAddress bind, connect;
        Boolean alpha;
        HealthCheck.Http http;
        HealthCheck.Smtp smtp;
        HealthCheck.Dns dns;
        HealthCheck.Udp udp;
        HealthCheck.Misc misc;

        public Hc type(Enums.CheckType t) {
            type = t;
            return this;
        }

        public Hc interval(double s) {
            interval = secs(s);
            return this;
        }

        public Hc timeout(double s) {
            timeout = secs(s);
            return this;
        }

        public Hc retries(int n, double delaySeconds) {
            retries = n;
            delay = secs(delaySeconds);
            return this;
        }

        public Hc connect(String address) {
            connect = ip(address);
            return this;
        }

        public Hc fall(int n) {
            fall = n;
            return this;
        }

        public Hc rise(int n) {
            rise = n;
            return this;
        }

        public Hc port(int p) {
            port = p;
            return this;
        }

        public Hc bind(String a) {
            bind = ip(a);
            return this;
        }

        public Hc alpha(boolean a) {
            alpha = a;
            return this;
        }

        public Hc http(HealthCheck.Http h) {
            http = h;
            return this;
        }

        public Hc smtp(String helo) {
            smtp = new HealthCheck.Smtp(helo);
            return this;
        }

        public Hc dns(String name, Enums.DnsType t, List<InetAddress> expected) {
            dns = new HealthCheck.Dns(name, t, expected);
            return this;
        }

        public Hc udp(String send, String expect) {
            udp = new HealthCheck.Udp(send, expect);
            return this;
        }

        public Hc misc(String script, boolean dynamic, String... args) {
            misc = new HealthCheck.Misc(script, List.of(args), dynamic);
            return this;
        }

        public HealthCheck build() {
            return new HealthCheck(
                    type, interval, timeout, retries, delay, fall, rise, port, connect, bind, alpha, http, smtp, dns,
                    udp, misc);
        }

        private static Duration secs(double s) {
            return Duration.ofNanos(Math.round(s * 1e9));
        }
    }

    public static Hc hc() {
        return new Hc();
    }

    public static Hc tcp() {
        return new Hc().type(Enums.CheckType.TCP);
    }

    public static HealthCheck.Url url(String path, String digest, String contains, String regex, Integer... codes) {
        return new HealthCheck.Url(
                path,
                codes.length == 0
                        ? null
                        : Stream.of(codes).map(HealthCheck.StatusRange::of).toList(),
                digest,
                contains,
                regex);
    }

    public static RealServer rs(String name, String address, int port) {
        return new RealServer(
                name,
                null,
                Map.of(),
                ip(address),
                port,
                1,
                0,
                0,
                null,
                null,
                false,
                Enums.AdminState.ENABLED,
                null,
                null);
    }

    public static RealServer with(RealServer r, HealthCheck hc) {
        return new RealServer(
                r.name(),
                r.description(),
                r.labels(),
                r.address(),
                r.port(),
                r.weight(),
                r.upperThreshold(),
                r.lowerThreshold(),
                r.forwarding(),
                hc,
                r.inhibitOnFailure(),
                r.adminState(),
                r.notifyUp(),
                r.notifyDown());
    }

    public static RealServer weight(RealServer r, int w) {
        return new RealServer(
                r.name(),
                r.description(),
                r.labels(),
                r.address(),
                r.port(),
                w,
                r.upperThreshold(),
                r.lowerThreshold(),
                r.forwarding(),
                r.healthCheck(),
                r.inhibitOnFailure(),
                r.adminState(),
                r.notifyUp(),
                r.notifyDown());
    }

    public static RealServer inhibit(RealServer r) {
        return new RealServer(
                r.name(),
                r.description(),
                r.labels(),
                r.address(),
                r.port(),
                r.weight(),
                r.upperThreshold(),
                r.lowerThreshold(),
                r.forwarding(),
                r.healthCheck(),
                true,
                r.adminState(),
                r.notifyUp(),
                r.notifyDown());
    }

    public static RealServer admin(RealServer r, Enums.AdminState s) {
        return new RealServer(
                r.name(),
                r.description(),
                r.labels(),
                r.address(),
                r.port(),
                r.weight(),
                r.upperThreshold(),
                r.lowerThreshold(),
                r.forwarding(),
                r.healthCheck(),
                r.inhibitOnFailure(),
                s,
                r.notifyUp(),
                r.notifyDown());
    }

    /** A TCP virtual server on 192.0.2.1:port with quorum 1 and no sorry server. */
    /** A check that only sets retries 0: one attempt per round. */
    public static final HealthCheck ONE_ATTEMPT = new HealthCheck(
            null, null, null, 0, null, null, null, null, null, null, null, null, null, null, null, null);

    /**
     * {@link #vs} with one attempt per round unless the check sets its retries (the virtual server's
     * check then only sets that when it has none): for tests whose timings were written for one attempt
     * (keepalived's retry 1, Fulcrum's default since issue 17, adds a second).
     */
    public static VirtualServer vs1(String name, int port, HealthCheck hc, RealServer... real) {
        HealthCheck one = hc == null ? ONE_ATTEMPT : hc.retries() != null ? hc : hc.overriddenBy(ONE_ATTEMPT);
        return vs(name, port, one, real);
    }

    public static VirtualServer vs(String name, int port, HealthCheck hc, RealServer... real) {
        return new VirtualServer(
                name,
                null,
                Map.of(),
                new VirtualServer.InetService(ip("192.0.2.1"), port, Enums.Protocol.TCP),
                Enums.Scheduler.WLC,
                Set.of(),
                Enums.Forwarding.NAT,
                null,
                null,
                false,
                hc,
                null,
                1,
                0,
                null,
                null,
                false,
                null,
                List.of("d1"),
                List.of(real));
    }

    public static VirtualServer quorum(VirtualServer v, int quorum, int hysteresis) {
        return new VirtualServer(
                v.name(),
                v.description(),
                v.labels(),
                v.service(),
                v.scheduler(),
                v.schedulerFlags(),
                v.forwarding(),
                v.tunnel(),
                v.persistence(),
                v.onePacket(),
                v.healthCheck(),
                v.sorryServer(),
                quorum,
                hysteresis,
                Hook.of("/etc/fulcrum/scripts/quorum-up"),
                Hook.of("/etc/fulcrum/scripts/quorum-down"),
                v.omega(),
                v.vrrpGroup(),
                v.directors(),
                v.realServers());
    }

    public static VirtualServer sorry(VirtualServer v, String address, int port, boolean inhibit) {
        return new VirtualServer(
                v.name(),
                v.description(),
                v.labels(),
                v.service(),
                v.scheduler(),
                v.schedulerFlags(),
                v.forwarding(),
                v.tunnel(),
                v.persistence(),
                v.onePacket(),
                v.healthCheck(),
                new VirtualServer.SorryServer(ip(address), port, null, inhibit),
                v.quorum(),
                v.hysteresis(),
                v.notifyQuorumUp(),
                v.notifyQuorumDown(),
                v.omega(),
                v.vrrpGroup(),
                v.directors(),
                v.realServers());
    }

    public static VirtualServer omega(VirtualServer v) {
        return new VirtualServer(
                v.name(),
                v.description(),
                v.labels(),
                v.service(),
                v.scheduler(),
                v.schedulerFlags(),
                v.forwarding(),
                v.tunnel(),
                v.persistence(),
                v.onePacket(),
                v.healthCheck(),
                v.sorryServer(),
                v.quorum(),
                v.hysteresis(),
                v.notifyQuorumUp(),
                v.notifyQuorumDown(),
                true,
                v.vrrpGroup(),
                v.directors(),
                v.realServers());
    }

    public static VirtualServer check(VirtualServer v, HealthCheck hc) {
        return new VirtualServer(
                v.name(),
                v.description(),
                v.labels(),
                v.service(),
                v.scheduler(),
                v.schedulerFlags(),
                v.forwarding(),
                v.tunnel(),
                v.persistence(),
                v.onePacket(),
                hc,
                v.sorryServer(),
                v.quorum(),
                v.hysteresis(),
                v.notifyQuorumUp(),
                v.notifyQuorumDown(),
                v.omega(),
                v.vrrpGroup(),
                v.directors(),
                v.realServers());
    }
}
