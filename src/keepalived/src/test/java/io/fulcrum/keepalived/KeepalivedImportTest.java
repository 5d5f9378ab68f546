package io.fulcrum.keepalived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fulcrum.keepalived.ImportReport.Status;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Enums;
import io.fulcrum.model.HealthCheck;
import io.fulcrum.model.Hook;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
                        tuple("LVS_1", 100, Enums.InitialState.MASTER), tuple("LVS_2", 50, Enums.InitialState.BACKUP));
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
     * take them for white space): a sync group's hooks, the generic notify among them and a quoted one
     * with an argument, are mapped; VI_1 is not in the group, so no group carries them.
     */
    @Test
    void syncGroupHooksAreMappedWithTheirArguments() {
        var r = KeepalivedImport.importFiles(
                List.of(Path.of("../control-plane/src/test/resources/seeds/004-1.keepalived.conf")));

        assertThat(r.report().entries())
                .filteredOn(e -> e.line() >= 29 && e.line() <= 32)
                .extracting(ImportReport.Entry::keyword, ImportReport.Entry::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("notify_master", Status.MAPPED),
                        org.assertj.core.groups.Tuple.tuple("notify_backup", Status.MAPPED),
                        org.assertj.core.groups.Tuple.tuple("notify_fault", Status.MAPPED),
                        org.assertj.core.groups.Tuple.tuple("notify", Status.MAPPED));
        assertThat(r.report().entries())
                .filteredOn(e -> e.keyword().equals("notify_fault"))
                .first()
                .satisfies(e -> assertThat(e.note()).contains("[VG_1]"));
        assertThat(r.document().vrrpGroups().get(0).syncGroup()).isNull();
        assertThat(r.document().vrrpGroups().get(0).syncGroupNotify()).isNull();
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
                .containsExactly(tuple("lb1", 150), tuple("lb2", 100));
        assertThat(g.members().get(1).unicastAddress()).isEqualTo(InetAddress.getByName("10.0.0.2"));
        assertThat(r.document().directors().get(0).managementAddress()).isEqualTo(InetAddress.getByName("10.0.0.1"));
        assertThat(g.notifications().master())
                .as("keepalived.conf(5): quoted \"if it has parameters\"")
                .isEqualTo(new Hook("/usr/local/bin/vrrp.sh", List.of("MASTER", "VI_1")));
        assertThat(r.report().entries())
                .filteredOn(e -> e.keyword().equals("notify_master"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.line()).isEqualTo(13);
                    assertThat(e.status()).isEqualTo(Status.MAPPED);
                });
        assertThat(r.refused()).isEmpty();
    }

    /**
     * keepalived.conf(5), vrrp_sync_group and vrrp_instance: notify_* take {@code <STRING>|<QUOTED-STRING>
     * [username [groupname]]}; the generic {@code notify} is called with "GROUP"/"INSTANCE", the name, the
     * state and the priority after its own arguments. The sync group's hooks go to each of its groups.
     */
    @Test
    void quotedScriptLinesBecomeScriptsWithArgumentsAndSyncGroupHooksGoToEachGroup() throws IOException {
        Path f = Files.writeString(dir.resolve("lb1.conf"), """
                vrrp_script chk {
                    script "/usr/local/bin/chk.sh --port 80 'a b'"
                }
                vrrp_script chk2 {
                    script /usr/local/bin/chk2.sh --ignored
                }
                vrrp_sync_group SG_1 {
                    group {
                        VI_1
                        VI_2
                    }
                    notify_master "/usr/local/bin/sg.sh MASTER 'two words' 'it\\\\'s'"
                    notify_fault /usr/local/bin/sg-fault.sh
                    notify "/usr/local/bin/sg-any.sh --group"
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 7
                    virtual_ipaddress {
                        10.0.0.100
                    }
                    track_script {
                        chk
                        chk2
                    }
                    notify_backup /usr/local/bin/backup.sh root
                    notify "/usr/local/bin/any.sh x"
                    notify_stop "relative.sh"
                }
                vrrp_instance VI_2 {
                    interface eth1
                    virtual_router_id 8
                    virtual_ipaddress {
                        10.0.1.100
                    }
                }
                """);

        var r = KeepalivedImport.importFiles(List.of(f));

        VrrpGroup.Notify sg = new VrrpGroup.Notify(
                new Hook("/usr/local/bin/sg.sh", List.of("MASTER", "two words", "it's")),
                null,
                Hook.of("/usr/local/bin/sg-fault.sh"),
                null,
                new Hook("/usr/local/bin/sg-any.sh", List.of("--group")));
        assertThat(r.document().vrrpGroups())
                .extracting(VrrpGroup::syncGroupNotify)
                .containsExactly(sg, sg);
        VrrpGroup vi1 = r.document().vrrpGroups().get(0);
        assertThat(vi1.notifications())
                .isEqualTo(new VrrpGroup.Notify(
                        null,
                        Hook.of("/usr/local/bin/backup.sh"),
                        null,
                        null,
                        new Hook("/usr/local/bin/any.sh", List.of("x"))));
        assertThat(vi1.trackScripts())
                .extracting(VrrpGroup.TrackScript::script, VrrpGroup.TrackScript::arguments)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("/usr/local/bin/chk.sh", List.of("--port", "80", "a b")),
                        org.assertj.core.groups.Tuple.tuple("/usr/local/bin/chk2.sh", List.of()));
        assertThat(r.report().entries()).anySatisfy(e -> {
            assertThat(e.keyword()).isEqualTo("notify_backup");
            assertThat(e.status()).isEqualTo(Status.APPROXIMATED);
            assertThat(e.note()).contains("not as root");
        });
        assertThat(r.report().entries()).anySatisfy(e -> {
            assertThat(e.keyword()).isEqualTo("script");
            assertThat(e.line()).isEqualTo(5);
            assertThat(e.status()).isEqualTo(Status.APPROXIMATED);
            assertThat(e.note()).contains("--ignored");
        });
        assertThat(r.report().with(Status.NOT_SUPPORTED)).anySatisfy(e -> {
            assertThat(e.keyword()).isEqualTo("notify_stop");
            assertThat(e.note()).contains("absolute path");
        });
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

    /**
     * Block keywords written without their block used to throw a NullPointerException out of the import
     * (found by KeepalivedReaderFuzzTest: {@code vrrp_script chk} alone); each reads as an empty block. A
     * vrrp_script or vrrp_sync_group without a name is reported, not a NullPointerException either.
     */
    @Test
    void blockKeywordsWithoutTheirBlockReadAsEmptyBlocksNotANullPointer() {
        String text = """
                global_defs
                vrrp_script chk
                vrrp_sync_group VG
                vrrp_instance VI_1
                virtual_server_group G
                virtual_server 10.0.0.100 80
                virtual_server 10.0.0.101 80 {
                    real_server 10.0.0.11 80
                    real_server 10.0.0.12 80 {
                        HTTP_GET
                        TCP_CHECK
                        MISC_CHECK
                    }
                }
                vrrp_instance VI_2 {
                    virtual_ipaddress
                    track_script
                    track_interface
                    authentication
                    unicast_peer
                }
                vrrp_script {
                    script /bin/true
                }
                vrrp_sync_group {
                    group { VI_2 }
                }
                """;

        KeepalivedImport.Result r =
                KeepalivedImport.importFrom(ConfReader.texts(Map.of("lb1.conf", text)), List.of(Path.of("lb1.conf")));

        assertThat(r.document()).isNotNull();
        assertThat(r.report().entries())
                .anySatisfy(e -> assertThat(e.note()).isEqualTo("a vrrp_script needs a name"))
                .anySatisfy(e -> assertThat(e.note()).isEqualTo("a vrrp_sync_group needs a name"));
    }

    /**
     * A virtual address with a prefix longer than its family's (found by KeepalivedReaderFuzzTest: 10.0.0.1/48)
     * threw IllegalArgumentException out of the import, and one that is no number a NullPointerException; each
     * is now reported and left out.
     */
    @Test
    void aVirtualAddressWithoutAValidPrefixLengthIsReportedNotThrown() {
        String text = """
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    virtual_ipaddress {
                        10.0.0.1/48
                        10.0.0.2/abc
                        10.0.0.3/-1
                        2001:db8::1/129
                        10.0.0.4/255.255.255.0
                    }
                }
                """;

        KeepalivedImport.Result r =
                KeepalivedImport.importFrom(ConfReader.texts(Map.of("lb1.conf", text)), List.of(Path.of("lb1.conf")));

        assertThat(r.report().entries())
                .filteredOn(e -> e.keyword().contains("/"))
                .extracting(ImportReport.Entry::keyword, ImportReport.Entry::status)
                .contains(
                        tuple("10.0.0.1/48", Status.NOT_SUPPORTED),
                        tuple("10.0.0.2/abc", Status.NOT_SUPPORTED),
                        tuple("10.0.0.3/-1", Status.NOT_SUPPORTED),
                        tuple("2001:db8::1/129", Status.NOT_SUPPORTED),
                        tuple("10.0.0.4/255.255.255.0", Status.MAPPED));
    }

    /** A sync daemon's id or a group's version that is no number was unboxed from null (a NullPointerException). */
    @Test
    void aSyncDaemonIdOrAVersionThatIsNoNumberIsRefusedWithItsLine() {
        String daemon = "global_defs {\n    lvs_sync_daemon eth1 id abc\n}\n";
        String version = "vrrp_instance VI_1 {\n    interface eth0\n    version\n}\n";

        assertThatThrownBy(() -> KeepalivedImport.importFrom(
                        ConfReader.texts(Map.of("lb1.conf", daemon)), List.of(Path.of("lb1.conf"))))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("lb1.conf:2")
                .hasMessageContaining("got 'abc'");
        assertThatThrownBy(() -> KeepalivedImport.importFrom(
                        ConfReader.texts(Map.of("lb1.conf", version)), List.of(Path.of("lb1.conf"))))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("lb1.conf:3")
                .hasMessageContaining("got nothing");
        // found by KeepalivedReaderFuzzTest: a null timeout reached the document's encoder
        String persistence = "virtual_server 10.0.0.1 80 {\n    persistence_timeout x\n}\n";
        assertThatThrownBy(() -> KeepalivedImport.importFrom(
                        ConfReader.texts(Map.of("lb1.conf", persistence)), List.of(Path.of("lb1.conf"))))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("lb1.conf:2")
                .hasMessageContaining("got 'x'");
    }

    /**
     * keepalived reads a timer it cannot read as "not valid ... ignoring" and carries on with its default
     * (preempt_delay 0, advert_int 1, delay_loop 60, ...): the import refuses it with its file and line
     * rather than hide it. An unreadable preempt_delay on a MASTER instance threw a NullPointerException
     * (found by review, now a KeepalivedReaderFuzzTest input).
     */
    @Test
    void anUnreadableTimerIsRefusedWithItsLineNotReplacedByTheDefault() {
        String instance = "vrrp_instance VI_1 {\n    %s\n    state MASTER\n    interface eth0\n}\n";
        String script = "vrrp_script chk {\n    %s\n    script /bin/true\n}\n";
        String check = "virtual_server 10.0.0.1 80 {\n    %s\n}\n";
        Map<String, String> cases = Map.of(
                instance.formatted("preempt_delay soon"), "'preempt_delay' needs seconds, got 'soon'",
                instance.formatted("preempt_delay"), "'preempt_delay' needs seconds, got nothing",
                instance.formatted("advert_int 1s"), "'advert_int' needs seconds, got '1s'",
                script.formatted("interval often"), "'interval' needs seconds, got 'often'",
                script.formatted("timeout"), "'timeout' needs seconds, got nothing",
                check.formatted("delay_loop x"), "'delay_loop' needs seconds, got 'x'",
                check.formatted("connect_timeout 3,5"), "'connect_timeout' needs seconds, got '3,5'");
        cases.forEach((text, message) -> assertThatThrownBy(() -> KeepalivedImport.importFrom(
                        ConfReader.texts(Map.of("lb1.conf", text)), List.of(Path.of("lb1.conf"))))
                .as(text)
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("lb1.conf:2")
                .hasMessageContaining(message));
        String missing = "virtual_server 10.0.0.1 80 {\n    persistence_timeout\n}\n";
        assertThat(KeepalivedImport.importFrom(
                                ConfReader.texts(Map.of("lb1.conf", missing)), List.of(Path.of("lb1.conf")))
                        .document()
                        .virtualServers()
                        .get(0)
                        .persistence()
                        .timeout())
                .as("persistence_timeout without a value: keepalived's 6 minutes")
                .isEqualTo(Duration.ofMinutes(6));
    }

    /**
     * keepalived reads misc_path as a vrrp_script's script (check_misc.c misc_path_handler:
     * set_script_params_array): the first word is the command line, split with escapes taken twice; the
     * words after it are not part of the command. Its words after the path become the check's arguments.
     */
    @Test
    void miscPathIsReadAsKeepalivedReadsAScriptLine() {
        String text = """
                virtual_server 10.0.0.1 80 {
                    real_server 10.0.0.11 80 {
                        MISC_CHECK {
                            misc_path "/usr/local/bin/chk.sh 'it\\\\'s' 'a\\\\\\\\b' two"
                        }
                    }
                }
                virtual_server 10.0.0.2 80 {
                    real_server 10.0.0.12 80 {
                        MISC_CHECK {
                            misc_path /usr/local/bin/chk.sh left out
                        }
                    }
                }
                """;

        KeepalivedImport.Result r =
                KeepalivedImport.importFrom(ConfReader.texts(Map.of("lb1.conf", text)), List.of(Path.of("lb1.conf")));

        assertThat(r.document().virtualServers())
                .extracting(v -> (v.healthCheck() != null
                                ? v.healthCheck()
                                : v.realServers().get(0).healthCheck())
                        .misc())
                .extracting(HealthCheck.Misc::script, HealthCheck.Misc::arguments)
                .containsExactly(
                        tuple("/usr/local/bin/chk.sh", List.of("it's", "a\\b", "two")),
                        tuple("/usr/local/bin/chk.sh", List.of()));
        assertThat(r.report().entries())
                .anySatisfy(e -> {
                    assertThat(e.keyword()).isEqualTo("MISC_CHECK");
                    assertThat(e.note()).isEqualTo("misc_path's words after the path become arguments");
                })
                .anySatisfy(e -> {
                    assertThat(e.keyword()).isEqualTo("misc_path");
                    assertThat(e.line()).isEqualTo(11);
                    assertThat(e.status()).isEqualTo(Status.APPROXIMATED);
                    assertThat(e.note()).contains("(left out) are left out");
                });
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
