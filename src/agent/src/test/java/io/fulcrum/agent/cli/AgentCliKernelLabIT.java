package io.fulcrum.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.kernellab.KernelLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The agent's command line, end to end in the kernel lab, in direct-routing mode: a client, a
 * director and two real servers on one bridge; the real servers carry the VIP on lo with
 * arp_ignore/arp_announce, as realserver.sh does. `fulcrum ipvs apply` programs the director;
 * requests alternate between the real servers; then `fulcrum agent` runs from the same document and
 * is killed (SIGKILL) and restarted while a long-lived connection through the VIP carries traffic:
 * the connection survives, and the restarted agent changes nothing (the service's connection
 * counter is not reset, as a delete and re-add would do). Then a real server carrying another
 * long-lived connection is set to draining in the document: it goes to weight 0, new connections go
 * to the other one, the established connection keeps flowing, and the server leaves the table once
 * that connection has closed. All traffic stays inside the namespaces the script creates; every
 * wait is bounded.
 */
class AgentCliKernelLabIT {
    static String script(Path root, String java) {
        return """
                set -u
                AGENT="%2$s -XX:-UsePerfData -XX:TieredStopAtLevel=1 -jar %1$s/src/agent/target/fulcrum-agent.jar"
                lab=/run/fulcrum-dr; mkdir -p $lab/state
                for ns in seg client director rs1 rs2; do ip netns add $ns; ip -n $ns link set lo up; done
                ip -n seg link add br0 type bridge; ip -n seg link set br0 up
                for ns in client director rs1 rs2; do
                  ip -n seg link add p-$ns type veth peer name eth0 netns $ns
                  ip -n seg link set p-$ns master br0; ip -n seg link set p-$ns up; ip -n $ns link set eth0 up
                done
                ip -n client addr add 10.9.0.2/24 dev eth0
                ip -n director addr add 10.9.0.1/24 dev eth0
                ip -n director addr add 10.9.0.100/32 dev eth0
                cat > $lab/echo.py <<'PY'
                import socket, threading
                s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(('0.0.0.0', 9000)); s.listen(16)
                def serve(c):
                    with c:
                        while True:
                            d = c.recv(1024)
                            if not d: return
                            c.sendall(d)
                while True:
                    c, _ = s.accept(); threading.Thread(target=serve, args=(c,), daemon=True).start()
                PY
                for i in 1 2; do
                  ip -n rs$i addr add 10.9.0.1$i/24 dev eth0
                  ip -n rs$i addr add 10.9.0.100/32 dev lo
                  ip netns exec rs$i sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2 \\
                    net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.eth0.arp_announce=2
                  mkdir -p $lab/rs$i; echo rs$i > $lab/rs$i/index.html
                  ip netns exec rs$i python3 -m http.server 80 --bind 0.0.0.0 --directory $lab/rs$i >$lab/rs$i.log 2>&1 &
                  ip netns exec rs$i python3 $lab/echo.py >$lab/echo$i.log 2>&1 &
                done
                cat > $lab/doc.yaml <<'YAML'
                apiVersion: fulcrum/v1
                directors:
                  - {name: lb1, managementAddress: 10.9.0.1}
                virtualServers:
                  - name: web
                    address: 10.9.0.100
                    port: 80
                    scheduler: rr
                    forwarding: dr
                    directors: [lb1]
                    realServers:
                      - {name: rs1, address: 10.9.0.11}
                      - {name: rs2, address: 10.9.0.12}
                  - name: echo
                    address: 10.9.0.100
                    port: 9000
                    scheduler: rr
                    forwarding: dr
                    directors: [lb1]
                    realServers:
                      - {name: rs1, address: 10.9.0.11}
                      - {name: rs2, address: 10.9.0.12}
                YAML
                for t in $(seq 1 120); do
                  ip netns exec rs1 curl -s -o /dev/null --max-time 2 http://10.9.0.11/ && ip netns exec rs2 curl -s -o /dev/null --max-time 2 http://10.9.0.12/ && break
                  sleep 0.5
                done

                check cli_apply ip netns exec director $AGENT ipvs apply $lab/doc.yaml --director lb1 --state-dir $lab/state
                ip netns exec director ipvsadm -Ln | sed 's/^/    /'
                if ip netns exec director ipvsadm -Ln | grep -Eq -- '-> +10\\.9\\.0\\.11:80 +Route'; then pass dr_rules_in_kernel; else fail dr_rules_in_kernel; fi
                seen=""
                for i in 1 2 3 4; do seen="$seen $(ip netns exec client curl -s --max-time 5 http://10.9.0.100/)"; done
                echo "    responses:$seen"
                case "$seen" in " rs1 rs2 rs1 rs2"|" rs2 rs1 rs2 rs1") pass dr_round_robin "$seen";; *) fail dr_round_robin "$seen";; esac
                neigh=$(ip -n client neigh show 10.9.0.100)
                director_mac=$(ip -n director link show eth0 | awk '/link\\/ether/ {print $2}')
                case "$neigh" in *"$director_mac"*) pass vip_answered_by_the_director_only "$neigh";; *) fail vip_answered_by_the_director_only "$neigh";; esac
                check dry_run_plans_nothing sh -c "ip netns exec director $AGENT ipvs apply $lab/doc.yaml --director lb1 --state-dir $lab/state --dry-run | grep -q '^0 step'"

                # ---- an agent killed and restarted under a long-lived connection ----
                echo "    $(date +%%T) starting the agent"
                ip netns exec director $AGENT agent --name lb1 --state $lab/doc.yaml --state-dir $lab/state --interval 1 >$lab/agent1.log 2>&1 &
                agent=$!
                for t in $(seq 1 240); do grep -q loaded $lab/agent1.log && break; sleep 0.5; done
                cat > $lab/client.py <<'PY'
                import socket, sys, time
                c = socket.create_connection(('10.9.0.100', 9000), timeout=10)
                for i in range(60):
                    m = ('ping %%d\\n' %% i).encode(); c.sendall(m)
                    got = b''
                    while len(got) < len(m):
                        d = c.recv(1024)
                        if not d: sys.exit('closed at %%d' %% i)
                        got += d
                    if got != m: sys.exit('garbled at %%d' %% i)
                    time.sleep(0.25)
                print('60 echoes over one connection')
                PY
                echo "    $(date +%%T) agent up; opening the long-lived connection"
                ip netns exec client python3 $lab/client.py >$lab/client.log 2>&1 &
                client=$!
                # the kernel folds its per-CPU counters into these totals every 2 s: wait (bounded) for the connection to show
                conns_before=0
                for t in $(seq 1 60); do
                  conns_before=$(ip netns exec director ipvsadm -Ln --stats -t 10.9.0.100:9000 | awk '$1=="TCP" {print $3}')
                  [ "${conns_before:-0}" -ge 1 ] && break; sleep 0.5
                done
                echo "    $(date +%%T) SIGKILL to the agent, then a new one"
                kill -9 $agent; wait $agent 2>/dev/null
                ip netns exec director $AGENT agent --name lb1 --state $lab/doc.yaml --state-dir $lab/state --interval 1 >$lab/agent2.log 2>&1 &
                agent=$!
                for t in $(seq 1 240); do grep -q loaded $lab/agent2.log && break; sleep 0.5; done
                echo "    $(date +%%T) new agent up; waiting for the connection's last echo"
                if wait $client; then pass connection_survives_agent_restart "$(cat $lab/client.log)"; else fail connection_survives_agent_restart "$(cat $lab/client.log)"; fi
                conns_after=$(ip netns exec director ipvsadm -Ln --stats -t 10.9.0.100:9000 | awk '$1=="TCP" {print $3}')
                if [ -n "$conns_before" ] && [ "$conns_before" -ge 1 ] && [ "$conns_after" -ge "$conns_before" ]; then
                  pass service_not_recreated "conns $conns_before -> $conns_after"
                else
                  fail service_not_recreated "conns '$conns_before' -> '$conns_after'"
                fi
                if grep -Eq 'add service|delete service|add destination|delete destination' $lab/agent2.log; then
                  fail restarted_agent_changed_nothing "$(cat $lab/agent2.log)"
                else
                  pass restarted_agent_changed_nothing
                fi

                # ---- draining: the established connection lives on, new ones go elsewhere, then it leaves ----
                cat > $lab/long.py <<'PY'
                import os, socket, sys, time
                c = socket.create_connection(('10.9.0.100', 9000), timeout=10)
                print('connected', flush=True)
                n = 0
                while not os.path.exists('/run/fulcrum-dr/stop-long') and n < 1200:  # at most 5 minutes
                    m = ('drain %%d\\n' %% n).encode(); c.sendall(m)
                    got = b''
                    while len(got) < len(m):
                        d = c.recv(1024)
                        if not d: sys.exit('closed at %%d' %% n)
                        got += d
                    if got != m: sys.exit('garbled at %%d' %% n)
                    n += 1
                    time.sleep(0.25)
                c.close()
                print('%%d echoes over one connection' %% n)
                PY
                cat > $lab/short.py <<'PY'
                import socket
                for i in range(6):
                    c = socket.create_connection(('10.9.0.100', 9000), timeout=5)
                    c.sendall(b'x'); assert c.recv(16) == b'x'; c.close()
                print('6 short connections answered')
                PY
                cat > $lab/drain.py <<'PY'
                import sys
                path, who = sys.argv[1], sys.argv[2]
                head, tail = open(path).read().split('name: echo', 1)
                tail = tail.replace('{name: %%s, address:' %% who, '{name: %%s, adminState: draining, address:' %% who)
                open(path + '.new', 'w').write(head + 'name: echo' + tail)
                PY
                ip netns exec client python3 $lab/long.py >$lab/long.log 2>&1 &
                long=$!
                for t in $(seq 1 240); do grep -q connected $lab/long.log && break; sleep 0.5; done
                drained=""; dd=""; kept=""
                for t in $(seq 1 60); do
                  dest=$(ip netns exec director ipvsadm -Lnc | awk '$3=="ESTABLISHED" && $5 ~ /:9000$/ {print $6; exit}')
                  case "$dest" in 10.9.0.11:9000) drained=rs1; dd=10.9.0.11; kept=10.9.0.12;; 10.9.0.12:9000) drained=rs2; dd=10.9.0.12; kept=10.9.0.11;; esac
                  [ -n "$drained" ] && break; sleep 0.25
                done
                echo "    $(date +%%T) the long-lived connection went to $drained ($dd); draining it"
                python3 $lab/drain.py $lab/doc.yaml "$drained" && mv $lab/doc.yaml.new $lab/doc.yaml
                weight() { ip netns exec director ipvsadm -Ln -t 10.9.0.100:9000 | awk -v d="$1:9000" '$2==d {print $4}'; }
                active() { ip netns exec director ipvsadm -Ln -t 10.9.0.100:9000 | awk -v d="$1:9000" '$2==d {print $5}'; }
                conns() { ip netns exec director ipvsadm -Ln --stats -t 10.9.0.100:9000 | awk -v d="$1:9000" '$2==d {print $3}'; }
                w=""
                for t in $(seq 1 240); do w=$(weight "$dd"); [ "$w" = "0" ] && break; sleep 0.5; done
                if [ "$w" = "0" ]; then pass draining_sets_weight_zero "$dd"; else fail draining_sets_weight_zero "weight of $dd: '$w'"; fi
                # the kernel folds per-CPU connection totals every 2 s: read them settled, before and after
                sleep 2.5; a0=$(conns "$dd"); b0=$(conns "$kept")
                ip netns exec client python3 $lab/short.py >$lab/short.log 2>&1
                a1=$a0; b1=$b0
                for t in $(seq 1 40); do sleep 0.5; a1=$(conns "$dd"); b1=$(conns "$kept"); [ $((b1 - b0)) -ge 6 ] && break; done
                sleep 2.5; a1=$(conns "$dd")
                if [ "$a1" = "$a0" ] && [ $((b1 - b0)) -eq 6 ]; then
                  pass draining_sends_new_connections_elsewhere "drained $a0 -> $a1, other $b0 -> $b1"
                else
                  fail draining_sends_new_connections_elsewhere "drained $a0 -> $a1, other $b0 -> $b1; $(cat $lab/short.log)"
                fi
                if kill -0 $long 2>/dev/null && [ "$(active "$dd")" -ge 1 ]; then
                  pass drained_server_stays_while_its_connection_lives "active $(active "$dd")"
                else
                  fail drained_server_stays_while_its_connection_lives "client alive: $(kill -0 $long 2>/dev/null && echo yes || echo no); $(ip netns exec director ipvsadm -Ln -t 10.9.0.100:9000)"
                fi
                touch $lab/stop-long
                if wait $long; then pass drained_connection_survives "$(cat $lab/long.log)"; else fail drained_connection_survives "$(cat $lab/long.log)"; fi
                gone=no; [ -n "$dd" ] || gone="no drained server"
                for t in $(seq 1 120); do
                  [ -n "$dd" ] || break
                  ip netns exec director ipvsadm -Ln -t 10.9.0.100:9000 | grep -q " $dd:9000 " || { gone=yes; break; }
                  sleep 0.5
                done
                if [ "$gone" = yes ]; then pass drained_server_leaves_after_its_last_connection; else fail drained_server_leaves_after_its_last_connection "$(ip netns exec director ipvsadm -Ln -t 10.9.0.100:9000)"; fi
                kill $agent; wait $agent 2>/dev/null
                if ip netns exec director ipvsadm -Ln | grep -q '10.9.0.100:9000'; then pass rules_kept_after_agent_stops; else fail rules_kept_after_agent_stops; fi
                echo "    agent log after the restart:"; sed 's/^/      /' $lab/agent2.log
                exit $KERNEL_LAB_FAILED
                """.formatted(root, java);
    }

    @Test
    void directRoutingThroughTheCliAndAnAgentRestartUnderALiveConnection() {
        Path root = KernelLab.repositoryRoot();
        assertThat(root.resolve("src/agent/target/fulcrum-agent.jar"))
                .as("the packaged agent")
                .exists();
        assertThat(Files.isDirectory(root.resolve("src/agent/target/lib"))).isTrue();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        KernelLab.runScript(Duration.ofMinutes(12), script(root, java))
                .requireSuccess()
                .requireChecksPassed(
                        "cli_apply",
                        "dr_rules_in_kernel",
                        "dr_round_robin",
                        "vip_answered_by_the_director_only",
                        "dry_run_plans_nothing",
                        "connection_survives_agent_restart",
                        "service_not_recreated",
                        "restarted_agent_changed_nothing",
                        "draining_sets_weight_zero",
                        "draining_sends_new_connections_elsewhere",
                        "drained_server_stays_while_its_connection_lives",
                        "drained_connection_survives",
                        "drained_server_leaves_after_its_last_connection",
                        "rules_kept_after_agent_stops");
    }
}
