package io.fulcrum.health.probe;

import io.fulcrum.health.spec.CheckSpec;
import io.fulcrum.model.Addresses;
import io.fulcrum.model.Enums;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * keepalived DNS_CHECK: one recursive query (RFC 1035 §4.1) over UDP; the server passes when it
 * answers NOERROR with at least one record of the queried type in the answer section, and, when
 * expected addresses are given, one A/AAAA record (RFC 1035 §3.4.1, RFC 3596 §2.2) carrying one of them.
 */
final class DnsAttempt extends Attempt {
    private final CheckSpec.Dns dns;
    private final InetSocketAddress server;
    private final int id = ThreadLocalRandom.current().nextInt(1 << 16);

    DnsAttempt(Duration timeout, CheckSpec.Dns dns, InetSocketAddress server) {
        super(timeout);
        this.dns = dns;
        this.server = server;
    }

    static DnsRecordType type(Enums.DnsType t) {
        return switch (t) {
            case A -> DnsRecordType.A;
            case AAAA -> DnsRecordType.AAAA;
            case CNAME -> DnsRecordType.CNAME;
            case MX -> DnsRecordType.MX;
            case NS -> DnsRecordType.NS;
            case SOA -> DnsRecordType.SOA;
            case TXT -> DnsRecordType.TXT;
        };
    }

    /** Sends the query; called once the channel is connected. */
    void send() {
        stage = "waiting for the answer";
        var q = new DatagramDnsQuery(null, server, id)
                .setRecursionDesired(true)
                .setRecord(DnsSection.QUESTION, new DefaultDnsQuestion(dns.name(), type(dns.type())));
        channel.writeAndFlush(q).addListener(f -> {
            if (!f.isSuccess()) fail(Failures.describe(f.cause()) + " sending the query");
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (result.isDone() || !(msg instanceof DatagramDnsResponse r)) return;
            if (r.id() != id) return; // not ours (a late answer to an earlier query)
            if (r.code() != DnsResponseCode.NOERROR) {
                fail("answer " + rcode(r.code()) + " for " + dns.name() + " " + dns.type());
                return;
            }
            DnsRecordType want = type(dns.type());
            List<InetAddress> addresses = new ArrayList<>();
            int matching = 0;
            for (int i = 0; i < r.count(DnsSection.ANSWER); i++) {
                DnsRecord rec = r.recordAt(DnsSection.ANSWER, i);
                if (!rec.type().equals(want)) continue;
                matching++;
                if (rec instanceof DnsRawRecord raw && (want == DnsRecordType.A || want == DnsRecordType.AAAA)) {
                    ByteBuf c = raw.content();
                    try {
                        addresses.add(
                                InetAddress.getByAddress(ByteBufUtil.getBytes(c, c.readerIndex(), c.readableBytes())));
                    } catch (UnknownHostException e) {
                        fail("malformed " + want.name() + " record in the answer");
                        return;
                    }
                }
            }
            if (matching == 0) {
                fail("no " + dns.type() + " record in the answer for " + dns.name());
                return;
            }
            if (!dns.expectedAddresses().isEmpty()) {
                boolean hit = addresses.stream().anyMatch(dns.expectedAddresses()::contains);
                if (!hit) {
                    fail("answer " + fmt(addresses) + " for " + dns.name() + " has none of "
                            + fmt(dns.expectedAddresses()));
                    return;
                }
            }
            pass(matching + " " + dns.type() + " record" + (matching == 1 ? "" : "s") + " for " + dns.name()
                    + (addresses.isEmpty() ? "" : " " + fmt(addresses)));
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** RFC 1035 §4.1.1 / RFC 6895 §2.3 mnemonic: "NXDOMAIN", "SERVFAIL". */
    static String rcode(DnsResponseCode c) {
        return c.toString().replaceFirst("\\(\\d+\\)$", "").toUpperCase();
    }

    private static String fmt(List<InetAddress> a) {
        return a.stream().map(Addresses::format).toList().toString();
    }
}
