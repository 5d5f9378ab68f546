package io.fulcrum.keepalived;

import io.fulcrum.keepalived.ImportReport.Status;
import io.fulcrum.model.Enums;
import io.fulcrum.model.HealthCheck;
import java.util.ArrayList;
import java.util.List;

/** One keepalived checker block (HTTP_GET, SSL_GET, TCP_CHECK, SMTP_CHECK, DNS_CHECK, MISC_CHECK, UDP_CHECK, PING_CHECK). */
final class CheckImport {
    private CheckImport() {}

    static HealthCheck checker(ConfNode c, ImportReport report) {
        Enums.CheckType type = switch (c.keyword()) {
            case "HTTP_GET" -> Enums.CheckType.HTTP;
            case "SSL_GET" -> Enums.CheckType.HTTPS;
            case "TCP_CHECK" -> Enums.CheckType.TCP;
            case "SMTP_CHECK" -> Enums.CheckType.SMTP;
            case "DNS_CHECK" -> Enums.CheckType.DNS;
            case "MISC_CHECK" -> Enums.CheckType.MISC;
            case "PING_CHECK" -> Enums.CheckType.PING;
            default -> Enums.CheckType.UDP;
        };
        HealthCheck h = ServerImport.with(HealthCheck.EMPTY, "type", type);
        List<HealthCheck.Url> urls = new ArrayList<>();
        String vhost = null;
        boolean sni = false;
        String dnsName = ".", helo = null, payload = null, expect = null;
        Enums.DnsType dnsType = Enums.DnsType.SOA;
        List<String> misc = null;
        String miscText = null;
        boolean dynamic = false;
        Status overall = Status.MAPPED;
        String overallNote = null;
        List<ConfNode> kids = c.children();
        for (ConfNode n : kids) {
            Status st = Status.MAPPED;
            String note = null;
            switch (n.keyword()) {
                case "connect_ip" -> h = ServerImport.with(h, "connectAddress", Words.address(n.arg(0)));
                case "connect_port" -> h = ServerImport.with(h, "port", Words.integer(n.arg(0)));
                case "bindto" -> h = ServerImport.with(h, "bindAddress", Words.address(n.arg(0)));
                case "alpha" -> h = ServerImport.with(h, "alpha", ServerImport.bool(n.arg(0)));
                case "delay_loop", "connect_timeout", "retry", "nb_get_retry", "delay_before_retry" ->
                    h = ServerImport.checkField(h, n);
                case "url" -> {
                    urls.add(url(n, report));
                    for (ConfNode u : n.children()) if (u.keyword().equals("virtualhost")) vhost = u.arg(0);
                }
                case "virtualhost" -> vhost = n.arg(0);
                case "enable_sni" -> {
                    sni = true;
                    note = "sni: the virtualhost, as keepalived sends it";
                }
                case "http_protocol" -> {
                    st = Status.APPROXIMATED;
                    note = "Fulcrum sends HTTP/1.1 requests with Connection: close";
                }
                case "helo_name" -> helo = n.arg(0);
                case "type" -> {
                    Enums.DnsType t = ServerImport.enumOf(Enums.DnsType.class, n.arg(0));
                    if (t != null) dnsType = t;
                }
                case "name" -> dnsName = n.arg(0);
                case "misc_path" -> {
                    // keepalived reads it as a vrrp_script's script (check_misc.c misc_path_handler)
                    miscText = n.arg(0);
                    misc = miscText == null ? null : Words.scriptLine(miscText);
                    note = ScriptLines.wordsLeftOut(n);
                    if (note != null) st = Status.APPROXIMATED;
                }
                case "misc_timeout" -> h = ServerImport.with(h, "timeout", Words.seconds(n, 0));
                case "misc_dynamic" -> dynamic = true;
                case "payload" -> {
                    payload = String.join("", n.args());
                    st = Status.APPROXIMATED;
                    note = "the hex payload is sent as text when it decodes to text, else nothing";
                }
                case "require_reply" -> {
                    expect = n.args().isEmpty() ? null : String.join("", n.args());
                    st = Status.APPROXIMATED;
                    note = "any reply is accepted";
                }
                case "host" -> {
                    // SMTP_CHECK's older form: host { connect_ip ... connect_port ... }
                    for (ConfNode k : n.children()) {
                        if (k.keyword().equals("connect_ip"))
                            h = ServerImport.with(h, "connectAddress", Words.address(k.arg(0)));
                        else if (k.keyword().equals("connect_port"))
                            h = ServerImport.with(h, "port", Words.integer(k.arg(0)));
                        report.add(k, Status.MAPPED, null);
                    }
                    st = Status.APPROXIMATED;
                    note = "SMTP_CHECK host: the first host is checked";
                }
                case "warmup" -> {
                    st = Status.APPROXIMATED;
                    note = "Fulcrum spreads first checks over the interval itself";
                }
                case "log_all_failures", "fast_recovery" -> {
                    st = Status.APPROXIMATED;
                    note = "Fulcrum logs every state change and checks every url each round";
                }
                default -> {
                    st = Status.NOT_SUPPORTED;
                    note = "not a " + c.keyword() + " keyword Fulcrum knows";
                }
            }
            report.add(n, st, note);
        }
        switch (type) {
            case HTTP, HTTPS ->
                h = ServerImport.with(
                        h, "http", new HealthCheck.Http(urls.isEmpty() ? null : urls, vhost, sni ? vhost : null, null));
            case SMTP -> {
                if (helo != null) h = ServerImport.with(h, "smtp", new HealthCheck.Smtp(helo));
            }
            case DNS -> h = ServerImport.with(h, "dns", new HealthCheck.Dns(dnsName, dnsType, null));
            case MISC -> {
                if (miscText == null) {
                    report.add(c, Status.NOT_SUPPORTED, "misc_path must be an absolute path of a script");
                    return null;
                }
                String refused = ScriptLines.refused(misc, miscText);
                if (refused != null) {
                    report.add(c, Status.NOT_SUPPORTED, "misc_path: " + refused);
                    return null;
                }
                h = ServerImport.with(
                        h,
                        "misc",
                        new HealthCheck.Misc(misc.get(0), misc.subList(1, misc.size()), dynamic ? true : null));
                if (misc.size() > 1) overallNote = "misc_path's words after the path become arguments";
            }
            case UDP -> {
                String text = payload == null ? null : hexText(payload);
                h = ServerImport.with(h, "udp", new HealthCheck.Udp(text, null));
                if (expect != null) overall = Status.APPROXIMATED;
            }
            default -> {}
        }
        report.add(c, overall, overallNote);
        return h;
    }

    private static HealthCheck.Url url(ConfNode u, ImportReport report) {
        String path = "/";
        String digest = null, regex = null;
        List<HealthCheck.StatusRange> codes = null;
        report.add(u, Status.MAPPED, null);
        for (ConfNode n : u.children()) {
            Status st = Status.MAPPED;
            String note = null;
            switch (n.keyword()) {
                case "path" -> path = n.arg(0);
                case "digest" -> digest = n.arg(0) == null ? null : n.arg(0).toLowerCase();
                case "status_code" -> {
                    codes = new ArrayList<>();
                    for (String a : n.args()) {
                        String[] p = a.split("-", 2);
                        Integer from = Words.integer(p[0]);
                        Integer to = p.length > 1 ? Words.integer(p[1]) : from;
                        if (from != null && to != null) codes.add(new HealthCheck.StatusRange(from, to));
                    }
                }
                case "regex" -> {
                    regex = n.arg(0);
                    note = "bodyRegex (Java regular expressions, close to PCRE2 for common patterns)";
                }
                case "virtualhost" -> note = "the check's virtualHost (Fulcrum has one per check, not per url)";
                default -> {
                    st = Status.NOT_SUPPORTED;
                    note = "not a url keyword Fulcrum knows";
                }
            }
            report.add(n, st, note);
        }
        return new HealthCheck.Url(path, codes, digest, null, regex);
    }

    /** keepalived's payload hex as text, or null when it is not printable ASCII. */
    private static String hexText(String hex) {
        String h = hex.replaceAll("\\s", "");
        if (h.length() % 2 != 0) return null;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < h.length(); i += 2) {
            int b;
            try {
                b = Integer.parseInt(h.substring(i, i + 2), 16);
            } catch (NumberFormatException e) {
                return null;
            }
            if (b < 0x20 || b > 0x7e) return null;
            sb.append((char) b);
        }
        return sb.toString();
    }

    /**
     * The effective check with keepalived's defaults written out where Fulcrum's differ: delay_loop 60 s,
     * MISC_CHECK retry 0 and misc_timeout = delay_loop, DNS_CHECK retry 3 and delay_before_retry =
     * delay_loop (keepalived.conf(5)). A translation leaving them out would behave differently.
     */
    static HealthCheck keepalivedDefaults(HealthCheck h) {
        if (h.interval() == null) h = ServerImport.with(h, "interval", ServerImport.KEEPALIVED_DELAY_LOOP);
        if (h.type() == Enums.CheckType.MISC) {
            if (h.retries() == null) h = ServerImport.with(h, "retries", 0);
            if (h.timeout() == null) h = ServerImport.with(h, "timeout", h.interval());
        }
        if (h.type() == Enums.CheckType.DNS) {
            if (h.retries() == null) h = ServerImport.with(h, "retries", 3);
            if (h.delayBeforeRetry() == null) h = ServerImport.with(h, "delayBeforeRetry", h.interval());
        }
        return h;
    }
}
