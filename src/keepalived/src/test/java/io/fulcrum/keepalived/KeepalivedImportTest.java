package io.fulcrum.keepalived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.keepalived.ImportReport.Status;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Enums;
import io.fulcrum.model.HealthCheck;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keepalived.conf files, real ones from the seeds and Debian's samples, as configuration documents. */
class KeepalivedImportTest {
    static final Path SEEDS = Path.of("src/test/resources/seeds");

    @TempDir
    Path dir;

    static KeepalivedImport.Result imp(String... seeds) {
        return KeepalivedImport.importFiles(Stream.of(seeds).map(SEEDS::resolve).toList());
    }

    /** The seed's DR pair (000): two keepalived.conf files, one group with two members, one virtual server. */
    @Test
    void aMasterAndABackupFileBecomeOneGroupWithTwoMembers() {
        var r = imp("000-dr-lvs1.conf", "000-dr-lvs2.conf");
        ConfigDocument doc = r.document();

        assertThat(r.refused()).isEmpty();
        assertThat(doc.directors()).extracting(d -> d.name()).containsExactly("LVS_1", "LVS_2");
        VrrpGroup g = doc.vrrpGroups().get(0);
        assertThat(g.name()).isEqualTo("VI_1");
        assertThat(g.vrid()).isEqualTo(51);
        assertThat(g.members())
                .extracting(VrrpGroup.Member::director, VrrpGroup.Member::priority, VrrpGroup.Member::initialState)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("LVS_1", 100, Enums.InitialState.MASTER),
                        org.assertj.core.groups.Tuple.tuple("LVS_2", 50, Enums.InitialState.BACKUP));
        assertThat(g.virtualAddresses().get(0).address().toString()).isEqualTo("10.1.1.166/32");
        VirtualServer v = doc.virtualServers().get(0);
        assertThat(doc.virtualServers()).hasSize(1);
        assertThat(v.name()).isEqualTo("tcp-10.1.1.166-80");
        assertThat(v.vrrpGroup()).isEqualTo("VI_1");
        assertThat(v.forwarding()).isEqualTo(Enums.Forwarding.DR);
        assertThat(v.scheduler()).isEqualTo(Enums.Scheduler.RR);
        HealthCheck h = v.healthCheck();
        assertThat(h.type()).isEqualTo(Enums.CheckType.TCP);
        assertThat(h.interval()).isEqualTo(Duration.ofSeconds(6));
        assertThat(h.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(h.retries())
                .as("nb_get_retry 3: three retries after the first try")
                .isEqualTo(3);
        assertThat(h.delayBeforeRetry()).isEqualTo(Duration.ofSeconds(3));
        assertThat(h.port()).isEqualTo(80);
        assertThat(v.realServers()).extracting(rs -> rs.name()).containsExactly("10.1.1.163-80", "10.1.1.164-80");
        assertThat(r.report().entries())
                .filteredOn(e -> e.keyword().equals("auth_pass"))
                .extracting(ImportReport.Entry::status)
                .containsOnly(Status.MAPPED);
    }

    /** The seed's track-script pair: both files say router_id LVS1 (copied), and one has "interval10". */
    @Test
    void aCopiedRouterIdAndATypoAreReportedNotLost() {
        var r = imp("000-script-lvs1.conf", "000-script-lvs2.conf");

        assertThat(r.refused()).isEmpty();
        assertThat(r.document().directors())
                .extracting(d -> d.name())
                .hasSize(2)
                .doesNotHaveDuplicates();
        assertThat(r.report().with(Status.APPROXIMATED))
                .anySatisfy(e -> assertThat(e.note()).contains("router_id LVS1 is already another director's"));
        assertThat(r.report().with(Status.NOT_SUPPORTED)).anySatisfy(e -> {
            assertThat(e.keyword()).isEqualTo("interval10");
            assertThat(e.file()).endsWith("000-script-lvs1.conf");
            assertThat(e.line()).isEqualTo(7);
        });
        VrrpGroup g = r.document().vrrpGroups().get(0);
        assertThat(g.trackScripts()).singleElement().satisfies(s -> {
            assertThat(s.script()).isEqualTo("/bin/pidof");
            assertThat(s.arguments()).containsExactly("nfsd");
            assertThat(s.weight()).isEqualTo(-90);
            assertThat(s.fall()).isEqualTo(3);
        });
        assertThat(g.preemptDelay())
                .as("keepalived: 'preempt delay will not work with initial state MASTER - clearing'")
                .isZero();
        assertThat(r.report().with(Status.APPROXIMATED))
                .anySatisfy(e -> assertThat(e.keyword()).isEqualTo("preempt_delay"));
    }

    @Test
    void theNginxPairImportsWithoutRefusals() {
        var r = imp("001-nginx-master.conf", "001-nginx-backup.conf");

        assertThat(r.refused()).isEmpty();
        assertThat(r.document().virtualServers()).isNotEmpty();
    }

    /** The seed 003 file lacks two closing braces; keepalived closes them at the end and so does the import. */
    @Test
    void anUnclosedFileImportsAsKeepalivedReadsIt() {
        var r = imp("003-dr-unclosed.conf");

        assertThat(r.report().entries()).anySatisfy(e -> assertThat(e.note()).contains("never closed"));
        assertThat(r.report().with(Status.NOT_SUPPORTED))
                .anySatisfy(e -> assertThat(e.keyword()).isEqualTo("notification_email"));
    }

    /**
     * The reference of seed 004 (the control plane's copy, no-break spaces replaced: keepalived does not
     * take them for white space): a sync group's hooks are not supported, and VI_1 is not in the group.
     */
    @Test
    void syncGroupHooksAreReportedAsNotSupported() {
        var r = KeepalivedImport.importFiles(
                List.of(Path.of("../control-plane/src/test/resources/seeds/004-1.keepalived.conf")));

        assertThat(r.report().with(Status.NOT_SUPPORTED))
                .filteredOn(e -> e.keyword().startsWith("notify_") && e.note().contains("sync group"))
                .hasSize(3);
        assertThat(r.document().vrrpGroups().get(0).syncGroup()).isNull();
        assertThat(r.document().vrrpGroups().get(0).connectionSync().iface()).isEqualTo("eth1");
    }

    /** Alibaba's keepalived fork: lb_kind FNAT, its FULLNAT, becomes fullnat, reported as approximated. */
    @Test
    void lbKindFnatBecomesFullnatApproximated() throws IOException {
        Path f = Files.writeString(dir.resolve("fnat.conf"), """
                virtual_server 10.0.0.100 80 {
                    lb_algo rr
                    lb_kind FNAT
                    real_server 10.0.0.11 80 {
                    }
                }
                """);

        var r = KeepalivedImport.importFiles(List.of(f));

        assertThat(r.refused()).isEmpty();
        assertThat(r.document().virtualServers().get(0).forwarding()).isEqualTo(Enums.Forwarding.FULLNAT);
        assertThat(r.report().with(Status.APPROXIMATED)).anySatisfy(e -> {
            assertThat(e.keyword()).isEqualTo("lb_kind");
            assertThat(e.note()).contains("fullnatAddresses", "the director's address");
        });
    }

    /** keepalived.conf(5) virtual_server_group: one definition for many addresses, ranges and fwmarks. */
    @Test
    void aVirtualServerGroupBecomesOneVirtualServerPerEntryWithIdenticalChecks() throws IOException {
        Path f = Files.writeString(dir.resolve("lb1.conf"), """
                virtual_server_group web {
                    192.168.10.10-12 80
                    fwmark 5
                }
                virtual_server group web {
                    delay_loop 10
                    lb_algo wrr
                    lb_kind DR
                    real_server 10.0.0.1 80 {
                        HTTP_GET {
                            url {
                                path /health
                                status_code 200-299 301
                            }
                        }
                    }
                }
                """);

        var r = KeepalivedImport.importFiles(List.of(f));

        assertThat(r.refused()).isEmpty();
        List<VirtualServer> vs = r.document().virtualServers();
        assertThat(vs)
                .extracting(VirtualServer::name)
                .containsExactly("tcp-192.168.10.10-80", "tcp-192.168.10.11-80", "tcp-192.168.10.12-80", "fwmark-5");
        assertThat(vs)
                .extracting(v -> v.labels().get("keepalived/virtual-server-group"))
                .containsOnly("web");
        assertThat(vs.stream().map(v -> v.healthCheck()).distinct())
                .as("one check definition: the agent probes a real server once for all of them")
                .hasSize(1);
        assertThat(vs.get(0).healthCheck().http().urls().get(0).statusCodes())
                .containsExactly(new HealthCheck.StatusRange(200, 299), HealthCheck.StatusRange.of(301));
        assertThat(vs.get(3).realServers().get(0).port()).isEqualTo(80);
    }

    /** One file for two directors (keepalived.conf(5) "@name" lines): the group's members. */
    @Test
    void oneFileWithConditionalLinesDescribesEveryDirector() throws IOException {
        Path f = Files.writeString(dir.resolve("keepalived.conf"), """
                vrrp_instance VI_1 {
                    @lb1 state MASTER
                    @lb1 priority 150
                    @lb2 priority 100
                    interface eth0
                    virtual_router_id 7
                    unicast_src_ip 192.0.2.99
                    @lb1 unicast_src_ip 10.0.0.1
                    @lb2 unicast_src_ip 10.0.0.2
                    virtual_ipaddress {
                        10.0.0.100/24 dev eth0
                    }
                    notify_master "/usr/local/bin/vrrp.sh MASTER VI_1"
                }
                """);

        var r = KeepalivedImport.importFiles(List.of(f));

        VrrpGroup g = r.document().vrrpGroups().get(0);
        assertThat(g.members())
                .extracting(VrrpGroup.Member::director, VrrpGroup.Member::priority)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("lb1", 150),
                        org.assertj.core.groups.Tuple.tuple("lb2", 100));
        assertThat(g.members().get(1).unicastAddress()).isEqualTo(InetAddress.getByName("10.0.0.2"));
        assertThat(r.document().directors().get(0).managementAddress()).isEqualTo(InetAddress.getByName("10.0.0.1"));
        assertThat(r.report().with(Status.NOT_SUPPORTED)).anySatisfy(e -> {
            assertThat(e.keyword()).isEqualTo("notify_master");
            assertThat(e.line()).isEqualTo(13);
            assertThat(e.note()).contains("wrap");
        });
        assertThat(r.refused()).isEmpty();
    }

    /** keepalived.conf(5): "Only the first eight (8) characters are used". */
    @Test
    void aLongPasswordIsTruncatedAsKeepalivedDoesAndSaysSo() throws IOException {
        Path f = Files.writeString(dir.resolve("lb1.conf"), """
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 7
                    authentication {
                        auth_type PASS
                        auth_pass 0123456789
                    }
                    virtual_ipaddress {
                        10.0.0.100
                    }
                }
                """);

        var r = KeepalivedImport.importFiles(List.of(f));

        assertThat(r.document().vrrpGroups().get(0).authentication().password().reveal())
                .isEqualTo("01234567");
        assertThat(r.report().with(Status.APPROXIMATED))
                .anySatisfy(e -> assertThat(e.note()).contains("first 8"));
    }

    @Test
    void aMalformedNumberIsRefusedWithItsFileAndLine() throws IOException {
        Path f = Files.writeString(dir.resolve("lb1.conf"), """
                virtual_server 10.0.0.100 80 {
                    real_server 10.0.0.11 80 {
                        weight abc
                    }
                }
                """);

        assertThatThrownBy(() -> KeepalivedImport.importFiles(List.of(f)))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("lb1.conf:3")
                .hasMessageContaining("'weight' needs a whole number, got 'abc'");
        Path g = Files.writeString(dir.resolve("lb2.conf"), "virtual_server fwmark x {\n}\n");
        assertThatThrownBy(() -> KeepalivedImport.importFiles(List.of(g)))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("lb2.conf:1")
                .hasMessageContaining("fwmark");
    }

    /** keepalived.conf(5) HTTP_GET enable_sni: the SNI is the virtualhost, set on the checker or above it. */
    @Test
    void enableSniSendsTheVirtualHostSetOnTheRealServer() throws IOException {
        Path f = Files.writeString(dir.resolve("lb1.conf"), """
                virtual_server 10.0.0.100 443 {
                    real_server 10.0.0.11 443 {
                        virtualhost shop.example
                        SSL_GET {
                            enable_sni
                            url {
                                path /health
                            }
                        }
                    }
                }
                """);

        var r = KeepalivedImport.importFiles(List.of(f));

        VirtualServer vs = r.document().virtualServers().get(0);
        HealthCheck check = vs.healthCheck() != null
                ? vs.healthCheck()
                : vs.realServers().get(0).healthCheck();
        assertThat(check.http().virtualHost()).isEqualTo("shop.example");
        assertThat(check.http().sni()).isEqualTo("shop.example");
    }

    /** keepalived.conf(5) PING_CHECK: an ICMP echo check, no port. */
    @Test
    void pingChecksImportAsPingChecks() {
        var r = KeepalivedImport.importFiles(List.of(Keepalived.samples().resolve("keepalived.conf.PING_CHECK")));

        assertThat(r.refused()).isEmpty();
        assertThat(r.document().virtualServers())
                .flatExtracting(v -> v.healthCheck() != null
                        ? List.of(v.healthCheck().type())
                        : v.realServers().stream()
                                .map(rs -> rs.healthCheck().type())
                                .toList())
                .contains(Enums.CheckType.PING);
    }

    /** Every sample Debian ships imports, with a report entry for each keyword. */
    @Test
    void everyDebianSampleImportsWithAReport() throws IOException {
        try (Stream<Path> files = Files.list(Keepalived.samples())) {
            List<Path> confs = files.filter(f -> f.getFileName().toString().startsWith("keepalived.conf"))
                    .sorted()
                    .toList();
            assertThat(confs).hasSizeGreaterThanOrEqualTo(20);
            for (Path f : confs) {
                var r = KeepalivedImport.importFiles(List.of(f));
                assertThat(r.report().entries()).as(f.toString()).isNotEmpty();
            }
        }
    }
}
