package io.fulcrum.agent.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.kernellab.KernelLab;
import io.fulcrum.kernellab.Result;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 4 end to end: the packaged control plane runs on this host (embedded PostgreSQL, gRPC over
 * TLS with its generated certificate), an agent runs in the kernel lab and reaches it at 10.0.2.2.
 * The lab is the director (its root namespace, on a bridge with a client and two DR real servers in
 * namespaces). The script inside the lab drives the REST API with curl: a virtual server created
 * through REST carries the client's requests; a weight change moves the distribution; a delete
 * removes the rules. Then the data plane under faults (issue 18), while a steady client sends a request
 * through the VIP about every 0.1 s: the script asks this test (through files in the shared /tmp) to kill
 * the embedded PostgreSQL's postmaster (SIGKILL): the control plane starts it again and a REST write
 * reaches the kernel; to kill the control plane (SIGKILL, its PostgreSQL left behind): traffic keeps
 * flowing, an agent killed (SIGKILL) and restarted meanwhile keeps the same rules (no service
 * recreated, nothing added or deleted); and to start it again: the agent reconnects and a change made
 * through REST reaches the kernel. Not one of the steady client's requests failed: each was answered
 * 200 within 10 s without a retransmission (an answer slower than its usual milliseconds is reported,
 * not failed: on a busy host the emulated VM itself can get no CPU for seconds, as in a run next to
 * busy loops, where two requests took over 2 s while the control plane started). Every wait is
 * bounded; traffic stays in the lab's namespaces.
 */
class ControlPlaneKernelLabIT {
    static final String ADMIN = "e2e-admin-0123456789abcdef";
    /** What the control plane logs once it started its embedded PostgreSQL again after it died. */
    static final String RUNS_AGAIN = "the embedded PostgreSQL runs again";

    /**
     * The start of both lab scripts, formatted with (root, java, lab, http, grpc, ADMIN): the agent's
     * command, the lab directory, the REST API and its admin token.
     */
    static final String SCRIPT_HEADER = """
                set -u
                AGENT="%2$s -XX:-UsePerfData -XX:TieredStopAtLevel=1 -jar %1$s/src/agent/target/fulcrum-agent.jar"
                lab=%3$s
                API=http://10.0.2.2:%4$d/api/v1
                H="Authorization: Bearer %6$s"
                """;

    /**
     * The lab's network in both scripts: its root namespace is the director, on a bridge with a client and
     * two DR real servers (10.9.0.11, 10.9.0.12, the VIP 10.9.0.100 on their loopback) serving their names.
     */
    static final String DIRECTOR_NETWORK = """
                # the lab's root namespace is the director: a bridge to the client and two DR real servers
                ip link add br0 type bridge; ip link set br0 up
                ip addr add 10.9.0.1/24 dev br0
                for ns in client rs1 rs2; do
                  ip netns add $ns; ip -n $ns link set lo up
                  ip link add p-$ns type veth peer name eth0 netns $ns
                  ip link set p-$ns master br0; ip link set p-$ns up; ip -n $ns link set eth0 up
                done
                ip -n client addr add 10.9.0.2/24 dev eth0
                for i in 1 2; do
                  ip -n rs$i addr add 10.9.0.1$i/24 dev eth0
                  ip -n rs$i addr add 10.9.0.100/32 dev lo
                  ip netns exec rs$i sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2 \\
                    net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.eth0.arp_announce=2
                  mkdir -p $lab/rs$i; echo rs$i > $lab/rs$i/index.html
                  ip netns exec rs$i python3 -m http.server 80 --bind 0.0.0.0 --directory $lab/rs$i >$lab/rs$i.log 2>&1 &
                done
                """;

    /** Waits (bounded) until both real servers answer HTTP. */
    static final String AWAIT_REAL_SERVERS = """
                for t in $(seq 1 120); do
                  ip netns exec rs1 curl -s -o /dev/null --max-time 2 http://10.9.0.11/ && ip netns exec rs2 curl -s -o /dev/null --max-time 2 http://10.9.0.12/ && break
                  sleep 0.5
                done
                """;

    private Process controlPlane;

    static String script(Path root, String java, Path lab, int http, int grpc) {
        return (SCRIPT_HEADER + """
                rest() { curl -s --max-time 10 -H "$H" -H 'Content-Type: application/json' "$@"; }
                """ + DIRECTOR_NETWORK + """
                ip addr add 10.9.0.100/32 dev br0
                modprobe ip_vs
                """ + AWAIT_REAL_SERVERS + """
                check control_plane_reachable rest -f $API/revision
                start_agent() {
                  $AGENT agent --name lb1 --control-plane https://10.0.2.2:%5$d --ca $lab/cp/data/tls/grpc-cert.pem \\
                    --token-file $lab/token --state-dir $lab/state --interval 1 >$lab/$1.log 2>&1 &
                  agent=$!
                }
                start_agent agent1
                vs_rules() { ipvsadm -Ln -t 10.9.0.100:80 2>/dev/null; }
                vs_shape() { vs_rules | awk '{print $1, $2, $3, $4}'; }   # without the connection counts
                responses() { s=""; for i in $(seq 1 $1); do s="$s $(ip netns exec client curl -s --max-time 5 http://10.9.0.100/)"; done; echo "$s"; }

                # ---- create through REST: the rules reach the kernel, the client reaches both real servers ----
                rest -X PUT $API/virtual-servers/web -d '{"name":"web","address":"10.9.0.100","port":80,"scheduler":"wrr","forwarding":"dr","directors":["lb1"],"realServers":[{"name":"rs1","address":"10.9.0.11","weight":1},{"name":"rs2","address":"10.9.0.12","weight":1}]}' >/dev/null
                if await "vs_rules | grep -q '10.9.0.12:80'"; then pass rest_create_reaches_the_kernel; else fail rest_create_reaches_the_kernel "$(ipvsadm -Ln; tail -20 $lab/agent1.log)"; fi
                r=$(responses 4)
                case "$r" in *rs1*rs2*|*rs2*rs1*) pass client_reaches_both_real_servers "$r";; *) fail client_reaches_both_real_servers "$r";; esac
                rev=$(rest $API/revision | python3 -c 'import json,sys; print(json.load(sys.stdin)["revision"])')
                if await "rest $API/virtual-servers/web/status | grep -q '\\"applied\\":1'"; then pass applied_on_1_of_1 "$(rest $API/virtual-servers/web/status)"; else fail applied_on_1_of_1 "$(rest $API/virtual-servers/web/status)"; fi

                # ---- a weight change: the distribution follows ----
                rest -X PUT $API/virtual-servers/web/real-servers/rs1 -d '{"name":"rs1","address":"10.9.0.11","weight":3}' >/dev/null
                if await "vs_rules | grep -Eq '10.9.0.11:80 +Route +3 '"; then pass weight_change_reaches_the_kernel; else fail weight_change_reaches_the_kernel "$(vs_rules)"; fi
                r=$(responses 8); n1=$(echo "$r" | grep -o rs1 | wc -l); n2=$(echo "$r" | grep -o rs2 | wc -l)
                if [ "$n1" = 6 ] && [ "$n2" = 2 ]; then pass distribution_follows_the_weights "$r"; else fail distribution_follows_the_weights "$r"; fi

                # ---- delete: the rules are gone; create again for what follows ----
                rest -X DELETE $API/virtual-servers/web >/dev/null
                if await "! vs_rules | grep -q Route"; then pass rest_delete_removes_the_rules; else fail rest_delete_removes_the_rules "$(ipvsadm -Ln)"; fi
                rest -X PUT $API/virtual-servers/web -d '{"name":"web","address":"10.9.0.100","port":80,"scheduler":"rr","forwarding":"dr","directors":["lb1"],"realServers":[{"name":"rs1","address":"10.9.0.11"},{"name":"rs2","address":"10.9.0.12"}]}' >/dev/null
                await "vs_rules | grep -q '10.9.0.12:80'"
                await "rest $API/virtual-servers/web/status | grep -q '\\"applied\\":1'"

                # ---- a steady client through every fault that follows: one HTTP request through the VIP about every 0.1 s ----
                cat > $lab/steady.py <<'PY'
                import http.client, os, socket, struct, sys, time
                # "<epoch time> <HTTP status> <seconds taken>" per request until steady-stop exists; at most 3000 requests.
                # Failed: no answer in 10 s, refused or reset (000), another status, or an answer that needed a
                # retransmission (R<status>: a SYN or request the data plane dropped, which TCP would otherwise hide).
                # A slow answer is not a failure: on a busy host the emulated VM can get no CPU for seconds.
                lab = sys.argv[1]
                with open(lab + '/steady.txt', 'a') as f:
                    for i in range(3000):
                        if os.path.exists(lab + '/steady-stop'): break
                        t = time.time()
                        c = http.client.HTTPConnection('10.9.0.100', 80, timeout=10)
                        try:
                            c.request('GET', '/')
                            # sent, so connected: struct tcp_info (linux/tcp.h) is 8 bytes of u8 fields, then u32s, of
                            # which tcpi_total_retrans is the 24th (a SYN sent again counts)
                            retrans = struct.unpack_from('I', c.sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104), 100)[0]
                            r = c.getresponse(); r.read(); code = ('R%%d' %% r.status) if retrans else r.status
                        except Exception:
                            code = '000'
                        finally:
                            c.close()
                        print('%%.6f %%s %%.3f' %% (t, code, time.time() - t), file=f, flush=True)
                        time.sleep(0.1)
                PY
                mark() { echo "$EPOCHREALTIME # $*" >>$lab/steady.txt; }   # a fault's start, for the summary
                ip netns exec client python3 $lab/steady.py $lab >$lab/steady.err 2>&1 &
                steady=$!
                await "grep -q ' 200 ' $lab/steady.txt" 30

                # ---- PostgreSQL's postmaster dies (SIGKILL) under the running control plane: it comes back, REST writes work ----
                mark postgres killed
                touch $lab/kill-postgres
                await "[ -e $lab/postgres-killed ]" 150
                if grep -q 'started PostgreSQL again' $lab/postgres-killed && await "rest -f -o /dev/null -X PUT $API/virtual-servers/web/real-servers/rs1 -d '{\\"name\\":\\"rs1\\",\\"address\\":\\"10.9.0.11\\",\\"weight\\":2}'" 30 \\
                    && await "vs_rules | grep -Eq '10.9.0.11:80 +Route +2 '"; then
                  pass postgres_killed_and_back "$(cat $lab/postgres-killed); a REST write reached the kernel after it"
                else
                  fail postgres_killed_and_back "$(cat $lab/postgres-killed 2>/dev/null); $(vs_rules); $(tail -20 $lab/control-plane.log)"
                fi

                # ---- the control plane dies (SIGKILL, its PostgreSQL left behind): traffic flows, the agent keeps its rules ----
                mark control plane killed
                touch $lab/stop-control-plane
                await "[ -e $lab/control-plane-stopped ]" 120
                # four answers, and both real servers still in the kernel: which one answers each request is not
                # asserted, since the steady client takes turns of the rr scheduler between these requests too
                r=$(responses 4)
                case "$r" in
                  *rs*rs*rs*rs*)
                    if vs_rules | grep -q '10.9.0.11:80' && vs_rules | grep -q '10.9.0.12:80'; then
                      pass traffic_flows_without_the_control_plane "$r"
                    else fail traffic_flows_without_the_control_plane "$r; $(vs_rules)"; fi;;
                  *) fail traffic_flows_without_the_control_plane "$r";;
                esac
                conns_before=$(ipvsadm -Ln --stats -t 10.9.0.100:80 | awk '$1=="TCP" {print $3}')
                # ---- the agent restarts while the control plane is down: same rules from its saved state, nothing changed ----
                mark agent killed
                kill -9 $agent; wait $agent 2>/dev/null
                rules_before=$(vs_shape)
                start_agent agent2
                await "grep -qi 'applied\\|unreachable\\|saved' $lab/agent2.log" 60
                sleep 4
                if [ "$(vs_shape)" = "$rules_before" ] && kill -0 $agent 2>/dev/null; then pass restarted_agent_keeps_the_rules; else fail restarted_agent_keeps_the_rules "$(vs_rules); $(tail -20 $lab/agent2.log)"; fi
                if grep -Eq 'add service|delete service|add destination|delete destination' $lab/agent2.log; then
                  fail restarted_agent_changed_nothing "$(cat $lab/agent2.log)"
                else
                  pass restarted_agent_changed_nothing
                fi
                sleep 2.5
                conns_after=$(ipvsadm -Ln --stats -t 10.9.0.100:80 | awk '$1=="TCP" {print $3}')
                if [ "${conns_after:-0}" -ge "${conns_before:-1}" ]; then pass service_not_recreated "conns $conns_before -> $conns_after"; else fail service_not_recreated "conns $conns_before -> $conns_after"; fi
                r=$(responses 2)
                case "$r" in *rs*rs*) pass traffic_flows_after_the_restart "$r";; *) fail traffic_flows_after_the_restart "$r";; esac

                # ---- the control plane comes back: the agent reconnects and resyncs ----
                mark control plane started
                touch $lab/start-control-plane
                await "[ -e $lab/control-plane-started ]" 120
                if await "rest $API/directors/lb1 | grep -q '\\"connected\\":true'" 60; then pass agent_reconnects "$(rest $API/directors/lb1)"; else fail agent_reconnects "$(rest $API/directors/lb1); $(tail -20 $lab/agent2.log)"; fi
                rest -X PUT $API/virtual-servers/web/real-servers/rs2 -d '{"name":"rs2","address":"10.9.0.12","weight":5}' >/dev/null
                if await "vs_rules | grep -Eq '10.9.0.12:80 +Route +5 '"; then pass change_after_reconnect_reaches_the_kernel; else fail change_after_reconnect_reaches_the_kernel "$(vs_rules); $(tail -20 $lab/agent2.log)"; fi
                rev=$(rest $API/revision | python3 -c 'import json,sys; print(json.load(sys.stdin)["revision"])')
                if await "rest $API/directors/lb1 | grep -q '\\"appliedRevision\\":$rev'"; then pass applied_revision_is_current "revision $rev"; else fail applied_revision_is_current "revision $rev: $(rest $API/directors/lb1)"; fi

                # ---- the steady client: not one request failed through all of it ----
                sleep 5
                mark steady client stops
                touch $lab/steady-stop
                wait $steady
                summary=$(awk '
                  BEGIN { phase = "before the faults" }
                  $2 == "#" { $1 = ""; phase = substr($0, 4); next }
                  { n++; if (n == 1) t0 = $1; t1 = $1; code[$2]++
                    if ($3 > slowest) slowest = $3; if ($3 > 2) slow++
                    if ($2 != "200") { f++; if (f <= 20) bad = bad sprintf(" %%s at %%.1f s (%%s);", $2, $1 - t0, phase) } }
                  END { printf "%%d requests, %%d failed over %%.0f s; slowest answer %%.1f s (%%d over 2 s)", n, f, t1 - t0, slowest, slow
                        if (f) { printf ":"; for (c in code) printf " %%s x%%d", c, code[c]; printf ";%%s", bad }
                        exit (n > 0 && f == 0) ? 0 : 1 }' $lab/steady.txt) && ok=1 || ok=0
                if [ $ok = 1 ]; then
                  pass steady_traffic_never_failed "$summary"
                else
                  fail steady_traffic_never_failed "$summary $(cat $lab/steady.err)"
                fi
                kill $agent; wait $agent 2>/dev/null
                echo "    agent log after the restart:"; sed 's/^/      /' $lab/agent2.log | tail -40
                exit $KERNEL_LAB_FAILED
                """)
                .formatted(root, java, lab, http, grpc, ADMIN);
    }

    @Test
    void restChangesReachTheKernelThroughTheAgentAndTheDataPlaneOutlivesTheControlPlane() throws Exception {
        Path root = KernelLab.repositoryRoot();
        Path app = packagedControlPlane(root);
        Path lab = labDirectory("fulcrum-e2e-");
        int http = freePort();
        int grpc = freePort();
        controlPlane = startControlPlane(app, lab, http, grpc);

        // the director and its enrollment token, as an operator does it
        send("PUT", http, "/api/v1/directors/lb1", "{\"name\":\"lb1\",\"managementAddress\":\"10.9.0.1\"}");
        String token = enroll(http, lab);

        String java = java();
        CompletableFuture<Result> run = CompletableFuture.supplyAsync(
                () -> KernelLab.runScript(Duration.ofMinutes(15), script(root, java, lab, http, grpc)));
        // the script asks, through files, for PostgreSQL to be killed, the control plane to be killed and to start
        // again
        boolean postgresKilled = false;
        boolean stopped = false;
        boolean restarted = false;
        while (!run.isDone()) {
            if (!postgresKilled && Files.exists(lab.resolve("kill-postgres"))) {
                postgresKilled = true;
                Files.writeString(lab.resolve("postgres-killed"), killPostgresAndAwaitItsReturn(lab));
            }
            if (!stopped && Files.exists(lab.resolve("stop-control-plane"))) {
                kill(controlPlane); // as a machine's crash: its PostgreSQL is left behind, the restart copes
                stopped = true;
                Files.writeString(lab.resolve("control-plane-stopped"), "");
            }
            if (stopped && !restarted && Files.exists(lab.resolve("start-control-plane"))) {
                controlPlane = startControlPlane(app, lab, http, grpc);
                restarted = true;
                Files.writeString(lab.resolve("control-plane-started"), "");
            }
            Thread.sleep(200);
        }
        Result r = run.get();
        try {
            r.requireSuccess()
                    .requireChecksPassed(
                            "control_plane_reachable",
                            "rest_create_reaches_the_kernel",
                            "client_reaches_both_real_servers",
                            "applied_on_1_of_1",
                            "weight_change_reaches_the_kernel",
                            "distribution_follows_the_weights",
                            "rest_delete_removes_the_rules",
                            "postgres_killed_and_back",
                            "traffic_flows_without_the_control_plane",
                            "restarted_agent_keeps_the_rules",
                            "restarted_agent_changed_nothing",
                            "service_not_recreated",
                            "traffic_flows_after_the_restart",
                            "agent_reconnects",
                            "change_after_reconnect_reaches_the_kernel",
                            "applied_revision_is_current",
                            "steady_traffic_never_failed");
            assertThat(Files.readString(lab.resolve("control-plane.log")))
                    .as("the enrollment token is never logged")
                    .doesNotContain(token);
        } finally {
            stop(controlPlane);
            stopLeftoverPostgres(lab);
            deleteTree(lab);
        }
    }

    /**
     * SIGKILL to the postmaster of the control plane's embedded PostgreSQL (its pid from the first line of
     * {@code postmaster.pid} in the cluster under {@code lab/cp/data/postgres}), then waits (bounded) until the
     * control plane's log says it started it again. Returns what happened, for the script's check.
     */
    static String killPostgresAndAwaitItsReturn(Path lab) throws Exception {
        Path log = lab.resolve("control-plane.log");
        ProcessHandle postmaster = postmaster(lab).orElse(null);
        if (postmaster == null) return "no running postmaster as " + postmasterPid(lab) + " says";
        int before = occurrences(Files.readString(log), RUNS_AGAIN);
        long start = System.nanoTime();
        postmaster.destroyForcibly();
        long deadline = start + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (occurrences(Files.readString(log), RUNS_AGAIN) > before) {
                return "postmaster " + postmaster.pid() + " killed; the control plane started PostgreSQL again in "
                        + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms";
            }
            Thread.sleep(100);
        }
        return "postmaster " + postmaster.pid() + " killed; the control plane's log never said \"" + RUNS_AGAIN
                + "\" in 120 s";
    }

    /** The embedded PostgreSQL's postmaster.pid: the control plane keeps its cluster under {@code data/postgres}. */
    static Path postmasterPid(Path lab) {
        return lab.resolve("cp/data/postgres/cluster/postmaster.pid");
    }

    /** The running postmaster of the control plane's embedded PostgreSQL (pid on the first line of postmaster.pid). */
    static Optional<ProcessHandle> postmaster(Path lab) throws IOException {
        Path pidFile = postmasterPid(lab);
        if (!Files.exists(pidFile)) return Optional.empty();
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty() || !lines.get(0).trim().matches("\\d+")) return Optional.empty();
        return ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                .filter(p ->
                        p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
    }

    /** A PostgreSQL left behind by a killed control plane that was not started again (a failed run): stopped. */
    static void stopLeftoverPostgres(Path lab) throws Exception {
        ProcessHandle left = postmaster(lab).orElse(null);
        if (left == null) return;
        left.destroy(); // SIGTERM: its clients are gone, so it shuts down
        left.onExit().get(30, TimeUnit.SECONDS);
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) n++;
        return n;
    }

    /**
     * The packaged control plane on this host (embedded PostgreSQL under {@code lab/cp/data}, its log in
     * {@code lab/control-plane.log}), once it is ready.
     */
    static Process startControlPlane(Path app, Path lab, int http, int grpc) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-jar",
                        app.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        lab.resolve("control-plane.log").toFile()));
        pb.environment().put("FULCRUM_DATA_DIR", lab.resolve("cp/data").toString());
        pb.environment().put("FULCRUM_HTTP_PORT", Integer.toString(http));
        pb.environment().put("FULCRUM_HTTPS_PORT", "0"); // any free port: the tests use plain HTTP on loopback
        pb.environment().put("FULCRUM_GRPC_PORT", Integer.toString(grpc));
        pb.environment().put("FULCRUM_GRPC_TLS_NAMES", "10.0.2.2");
        pb.environment().put("FULCRUM_ADMIN_TOKEN", ADMIN);
        Process controlPlane = pb.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(controlPlane.isAlive())
                    .as("control plane running; log " + lab.resolve("control-plane.log"))
                    .isTrue();
            try {
                HttpResponse<Void> ready = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/q/health/ready"))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) return controlPlane;
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the control plane did not become ready in 180 s: "
                + Files.readString(lab.resolve("control-plane.log")));
    }

    static String send(String method, int port, String path, String body) throws Exception {
        return send(method, port, path, "application/json", body);
    }

    /** A REST call with the admin token; it must answer 2xx. */
    static String send(String method, int port, String path, String contentType, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .header("Authorization", "Bearer " + ADMIN)
                                .header("Content-Type", contentType)
                                .method(method, HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode() / 100)
                .as(method + " " + path + ": " + r.body())
                .isEqualTo(2);
        return r.body();
    }

    @AfterEach
    void stopControlPlane() throws InterruptedException {
        stop(controlPlane);
    }

    /** Stops a control plane started by {@link #startControlPlane}, if it still runs. */
    static void stop(Process controlPlane) throws InterruptedException {
        if (controlPlane != null && controlPlane.isAlive()) {
            controlPlane.destroy();
            controlPlane.waitFor();
        }
    }

    /** Kills a control plane started by {@link #startControlPlane} with SIGKILL, if it still runs. */
    static void kill(Process controlPlane) throws InterruptedException {
        if (controlPlane != null && controlPlane.isAlive()) {
            controlPlane.destroyForcibly();
            controlPlane.waitFor();
        }
    }

    /** The packaged control plane's jar, once it and the packaged agent are known to exist. */
    static Path packagedControlPlane(Path root) {
        Path app = root.resolve("src/control-plane/target/quarkus-app/quarkus-run.jar");
        assertThat(app)
                .as("the packaged control plane (built before the agent in the reactor)")
                .exists();
        assertThat(root.resolve("src/agent/target/fulcrum-agent.jar"))
                .as("the packaged agent")
                .exists();
        return app;
    }

    /**
     * A fresh lab directory in this host's /tmp, which the lab shares (its /run is private), with the
     * control plane's data directory {@code cp/data} and the agent's {@code state}.
     */
    static Path labDirectory(String prefix) throws IOException {
        Path lab = Files.createTempDirectory(Path.of("/tmp"), prefix);
        Files.createDirectories(lab.resolve("cp/data"));
        Files.createDirectories(lab.resolve("state"));
        return lab;
    }

    /** Issues an enrollment token for lb1, writes it to {@code lab/token} for the agent and returns it. */
    static String enroll(int http, Path lab) throws Exception {
        String issued =
                send("POST", http, "/api/v1/directors/lb1/enrollment-tokens", "{\"description\":\"kernel lab\"}");
        Matcher m = Pattern.compile("\"secret\":\"([^\"]+)\"").matcher(issued);
        assertThat(m.find()).as(issued).isTrue();
        Files.writeString(lab.resolve("token"), m.group(1) + "\n");
        return m.group(1);
    }

    /** This JVM's java binary: the lab sees the same filesystem. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }
}
