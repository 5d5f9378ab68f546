package io.fulcrum.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.kernellab.KernelLab;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An HA director pair in the kernel lab: two directors run `fulcrum agent` from one document that puts
 * the VIP in a VRRP group (lb1 priority 150, lb2 100) with IPVS connection sync, in front of two
 * direct-routing real servers. lb1 becomes master, holds the VIP and runs the master sync daemon; lb2
 * is backup and learns the connections. Then lb1 dies (its agent killed with SIGKILL and its link cut,
 * as a machine that fails): lb2 takes the VIP over, the client's neighbour entry follows its
 * gratuitous ARP, and a long-lived connection through the VIP keeps flowing, because lb2 already holds
 * it in its connection table; a steady client opening a new connection about every 0.1 s meanwhile has
 * its failed requests counted and reported (issue 18: the figures, not zero, since new connections
 * find no director until lb2 takes over). Then a real server's service dies: lb2's health check takes it out of
 * IPVS and new connections through the VIP succeed on the other one. Then lb1 comes back, as from a
 * reboot (its agent started again): with the higher priority it takes the VIP back. The group tracks
 * the virtual server ({@code trackVirtualServers}, weight -60): when none of its real servers answers
 * lb1's own health checks (blackhole routes in lb1 only; lb2 still reaches them), lb1 advertises 90, as
 * a listener on the client sees on the wire, and lb2 (100) takes the VIP; when they answer lb1 again it
 * advertises 150 and takes the VIP back, and new connections go through it. All traffic stays inside
 * the namespaces the script creates; every wait is bounded.
 */
class AgentHaKernelLabIT {
    static String script(Path root, String java) {
        return """
                set -u
                AGENT="%2$s -XX:-UsePerfData -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar %1$s/src/agent/target/fulcrum-agent.jar"
                lab=/run/fulcrum-ha; mkdir -p $lab/s1 $lab/s2
                for ns in seg client lb1 lb2 rs1 rs2; do ip netns add $ns; ip -n $ns link set lo up; done
                ip -n seg link add br0 type bridge; ip -n seg link set br0 up
                for ns in client lb1 lb2 rs1 rs2; do
                  ip -n seg link add p-$ns type veth peer name eth0 netns $ns
                  ip -n seg link set p-$ns master br0; ip -n seg link set p-$ns up; ip -n $ns link set eth0 up
                done
                ip -n client addr add 10.9.0.2/24 dev eth0
                ip -n lb1 addr add 10.9.0.1/24 dev eth0
                ip -n lb2 addr add 10.9.0.3/24 dev eth0
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
                  ip netns exec rs$i python3 $lab/echo.py >$lab/echo$i.log 2>&1 &
                  echo $! > $lab/echo$i.pid
                done
                cat > $lab/doc.yaml <<'YAML'
                apiVersion: fulcrum/v1
                directors:
                  - {name: lb1, managementAddress: 10.9.0.1}
                  - {name: lb2, managementAddress: 10.9.0.3}
                vrrpGroups:
                  - name: VI_1
                    vrid: 51
                    interface: eth0
                    version: 2
                    advertIntervalSeconds: 1
                    virtualAddresses: [{address: 10.9.0.100/32}]
                    members:
                      - {director: lb1, priority: 150}
                      - {director: lb2, priority: 100}
                    connectionSync: {interface: eth0, syncId: 5}
                    trackVirtualServers: [{virtualServer: echo, weight: -60}]
                virtualServers:
                  - name: echo
                    address: 10.9.0.100
                    port: 9000
                    scheduler: rr
                    forwarding: dr
                    vrrpGroup: VI_1
                    healthCheck: {type: tcp, intervalSeconds: 1, timeoutSeconds: 1, retries: 0}
                    realServers:
                      - {name: rs1, address: 10.9.0.11}
                      - {name: rs2, address: 10.9.0.12}
                YAML
                cat > $lab/long.py <<'PY'
                import os, socket, sys, time
                c = socket.create_connection(('10.9.0.100', 9000), timeout=60)
                print('connected', flush=True)
                n = 0
                while not os.path.exists('/run/fulcrum-ha/stop-long') and n < 2400:  # at most 10 minutes
                    m = ('ha %%d\\n' %% n).encode(); c.sendall(m)
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
                holds() { ip -n $1 -4 addr show dev eth0 | grep -q ' 10.9.0.100/32 '; }

                echo "    $(date +%%T) starting both agents"
                ip netns exec lb1 $AGENT agent --name lb1 --state $lab/doc.yaml --state-dir $lab/s1 --interval 1 >$lab/lb1.log 2>&1 &
                a1=$!
                ip netns exec lb2 $AGENT agent --name lb2 --state $lab/doc.yaml --state-dir $lab/s2 --interval 1 >$lab/lb2.log 2>&1 &
                a2=$!
                for t in $(seq 1 480); do holds lb1 && grep -q loaded $lab/lb2.log && break; sleep 0.5; done
                sleep 3  # a few adverts: the backup must stay backup
                if holds lb1 && ! holds lb2; then pass higher_priority_holds_the_vip; else fail higher_priority_holds_the_vip "$(ip -n lb1 -4 addr; ip -n lb2 -4 addr)"; fi
                for lb in lb1 lb2; do
                  if ip netns exec $lb ipvsadm -Ln | grep -Eq -- '-> +10\\.9\\.0\\.12:9000 +Route'; then pass ipvs_rules_on_$lb; else fail ipvs_rules_on_$lb "$(ip netns exec $lb ipvsadm -Ln)"; fi
                done
                d1=$(ip netns exec lb1 ipvsadm -L --daemon); d2=$(ip netns exec lb2 ipvsadm -L --daemon)
                echo "    lb1: $d1"; echo "    lb2: $d2"
                case "$d1|$d2" in "master sync daemon (mcast=eth0, syncid=5"*"|backup sync daemon (mcast=eth0, syncid=5"*) pass sync_daemons_master_and_backup;;
                  *) fail sync_daemons_master_and_backup "lb1: $d1; lb2: $d2";; esac

                echo "    $(date +%%T) opening the long-lived connection"
                ip netns exec client python3 $lab/long.py >$lab/long.log 2>&1 &
                long=$!
                for t in $(seq 1 240); do grep -q connected $lab/long.log && break; sleep 0.5; done
                synced=""
                for t in $(seq 1 120); do
                  synced=$(ip netns exec lb2 ipvsadm -Lnc | awk '$5=="10.9.0.100:9000" && $3=="ESTABLISHED"')
                  [ -n "$synced" ] && break; sleep 0.5
                done
                if [ -n "$synced" ]; then pass backup_learns_the_connection "$synced"; else fail backup_learns_the_connection "$(ip netns exec lb2 ipvsadm -Lnc)"; fi
                mac2=$(ip -n lb2 link show eth0 | awk '/link\\/ether/ {print $2}')

                # a steady client across the failover: a new connection through the VIP and an echo over it about every 0.1 s
                cat > $lab/steady.py <<'PY'
                import os, socket, time
                # "<epoch time> ok|<what failed>" per request (2 s timeouts) until stop-steady exists; at most 3000 requests
                with open('/run/fulcrum-ha/steady.txt', 'w') as f:
                    for i in range(3000):
                        if os.path.exists('/run/fulcrum-ha/stop-steady'): break
                        t = time.time()
                        try:
                            with socket.create_connection(('10.9.0.100', 9000), timeout=2) as c:
                                m = ('steady %%d\\n' %% i).encode(); c.sendall(m)
                                got = b''
                                while len(got) < len(m):
                                    d = c.recv(1024)
                                    if not d: raise ConnectionError('closed')
                                    got += d
                            r = 'ok' if got == m else 'garbled'
                        except OSError as e:
                            r = type(e).__name__
                        print('%%.3f %%s' %% (t, r), file=f, flush=True)
                        time.sleep(0.1)
                PY
                ip netns exec client python3 $lab/steady.py >$lab/steady.err 2>&1 &
                steady=$!
                for t in $(seq 1 120); do grep -q ' ok$' $lab/steady.txt 2>/dev/null && break; sleep 0.5; done

                echo "    $(date +%%T) lb1 fails: SIGKILL to its agent, its link cut"
                kill -9 $a1; ip -n lb1 link set eth0 down
                t0=$(date +%%s.%%N)
                failed_at=$EPOCHREALTIME
                for t in $(seq 1 120); do holds lb2 && break; sleep 0.25; done
                t1=$(date +%%s.%%N)
                if holds lb2; then pass backup_takes_the_vip "after $(awk -v a=$t0 -v b=$t1 'BEGIN {printf "%%.1f", b - a}') s"; else fail backup_takes_the_vip "$(cat $lab/lb2.log)"; fi
                neigh=""
                for t in $(seq 1 40); do neigh=$(ip -n client neigh show 10.9.0.100); case "$neigh" in *"$mac2"*) break;; esac; sleep 0.25; done
                case "$neigh" in *"$mac2"*) pass client_neighbour_follows_the_gratuitous_arp "$neigh";; *) fail client_neighbour_follows_the_gratuitous_arp "$neigh (lb2 is $mac2)";; esac
                d2=$(ip netns exec lb2 ipvsadm -L --daemon)
                case "$d2" in "master sync daemon (mcast=eth0, syncid=5"*) pass new_master_runs_the_master_sync_daemon "$d2";; *) fail new_master_runs_the_master_sync_daemon "$d2";; esac
                sleep 5  # the connection goes on through lb2 for a while, and the steady requests
                touch $lab/stop-long $lab/stop-steady
                if wait $long; then pass connection_survives_failover "$(tail -1 $lab/long.log)"; else fail connection_survives_failover "$(cat $lab/long.log)"; fi
                wait $steady
                # the figures: requests, failed ones, the longest run of consecutive failures (from its first request's start
                # to the start of the next request that succeeded), and the requests that succeeded after lb1 failed
                steady_figures=$(awk -v k=$failed_at '
                  { n++; last = $1
                    if ($2 == "ok") { if (run > worst) { worst = run; span = $1 - first } run = 0; if ($1 > k) after++ }
                    else { f++; if (!run) first = $1; run++; what[$2]++ } }
                  END { if (run > worst) { worst = run; span = last - first }
                        printf "%%d requests, %%d failed", n, f; for (w in what) printf " (%%s x%%d)", w, what[w]
                        printf "; longest run of failures: %%d requests, %%.1f s; %%d succeeded after lb1 failed", worst, span, after }' $lab/steady.txt)
                echo "    steady requests across the failover: $steady_figures"
                if [ -s $lab/steady.txt ] && grep -Eq '^[0-9.]+ ok$' $lab/steady.txt && awk -v k=$failed_at '$1 > k && $2 == "ok" {ok = 1} END {exit !ok}' $lab/steady.txt; then
                  pass steady_requests_across_failover "$steady_figures"
                else
                  fail steady_requests_across_failover "$steady_figures; $(cat $lab/steady.err; tail -5 $lab/steady.txt)"
                fi

                # ---- a real server fails: the health check takes it out, requests go on to the other ----
                cat > $lab/short.py <<'PY'
                import socket
                for i in range(6):
                    c = socket.create_connection(('10.9.0.100', 9000), timeout=10)
                    c.sendall(b'x'); assert c.recv(16) == b'x'; c.close()
                print('6 new connections answered')
                PY
                echo "    $(date +%%T) rs1's service dies"
                kill $(cat $lab/echo1.pid)
                out=no
                for t in $(seq 1 120); do
                  ip netns exec lb2 ipvsadm -Ln -t 10.9.0.100:9000 | grep -q ' 10.9.0.11:9000 ' || { out=yes; break; }
                  sleep 0.5
                done
                if [ $out = yes ]; then pass failed_real_server_leaves_the_table "$(grep 'health:' $lab/lb2.log | tail -1)"; else fail failed_real_server_leaves_the_table "$(ip netns exec lb2 ipvsadm -Ln)"; fi
                if ip netns exec client python3 $lab/short.py >$lab/short.log 2>&1; then
                  pass requests_keep_succeeding_on_the_others "$(cat $lab/short.log)"
                else
                  fail requests_keep_succeeding_on_the_others "$(cat $lab/short.log)"
                fi

                # ---- lb1 comes back; the group tracks the virtual server: none of its real servers healthy from lb1 hands the VIP over ----
                cat > $lab/adverts.py <<'PY'
                import os, socket, time
                s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 112)
                s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, socket.inet_aton('224.0.0.18') + socket.inet_aton('10.9.0.2'))
                s.settimeout(0.5)
                end = time.time() + 600
                with open('/run/fulcrum-ha/adverts.log', 'w') as f:
                    while time.time() < end and not os.path.exists('/run/fulcrum-ha/stop-adverts'):
                        try:
                            p, a = s.recvfrom(2048)
                        except socket.timeout:
                            continue
                        h = (p[0] & 15) * 4
                        print('%%s vrid %%d priority %%d' %% (a[0], p[h + 1], p[h + 2]), file=f, flush=True)
                PY
                ip netns exec client python3 $lab/adverts.py >$lab/adverts.err 2>&1 &
                adverts=$!
                mac1=$(ip -n lb1 link show eth0 | awk '/link\\/ether/ {print $2}')
                elapsed() { awk -v a=$1 -v b=$(date +%%s.%%N) 'BEGIN {printf "%%.1f", b - a}'; }
                # as from a reboot, no IPVS table or sync daemon is left; the VIP the killed agent left on eth0 stays: the new
                # agent takes it off as it starts (a backup must not answer ARP for it)
                echo "    $(date +%%T) lb1 comes back (no IPVS table or sync daemon left; the VIP it held still on eth0), its agent starts again"
                ip netns exec lb1 ipvsadm -C
                ip netns exec lb1 ipvsadm --stop-daemon master 2>/dev/null; ip netns exec lb1 ipvsadm --stop-daemon backup 2>/dev/null
                ip -n lb1 link set eth0 up
                ip netns exec lb1 $AGENT agent --name lb1 --state $lab/doc.yaml --state-dir $lab/s1 --interval 1 >$lab/lb1-again.log 2>&1 &
                a1=$!
                t0=$(date +%%s.%%N)
                for t in $(seq 1 480); do holds lb1 && ! holds lb2 && break; sleep 0.5; done
                if holds lb1 && ! holds lb2; then
                  pass restarted_lb1_takes_the_vip_back "after $(elapsed $t0) s (JVM start included); lb2: $(grep ' MASTER -> BACKUP' $lab/lb2.log | tail -1 | sed 's/^[^ ]* [A-Z]* *//')"
                else
                  fail restarted_lb1_takes_the_vip_back "$(ip -n lb1 -4 addr; ip -n lb2 -4 addr; tail -20 $lab/lb1-again.log)"
                fi

                echo "    $(date +%%T) from lb1 only, no real server answers any more: blackhole routes to both"
                ip -n lb1 route add blackhole 10.9.0.11/32; ip -n lb1 route add blackhole 10.9.0.12/32
                t0=$(date +%%s.%%N)
                for t in $(seq 1 240); do holds lb2 && ! holds lb1 && break; sleep 0.25; done
                if holds lb2 && ! holds lb1; then
                  pass tracked_virtual_server_down_hands_over_the_vip "after $(elapsed $t0) s; lb1: $(grep 'priority 150 -> 90' $lab/lb1-again.log | tail -1 | sed 's/^[^ ]* [A-Z]* *//')"
                else
                  fail tracked_virtual_server_down_hands_over_the_vip "$(ip -n lb1 -4 addr; ip -n lb2 -4 addr; tail -20 $lab/lb1-again.log)"
                fi
                n90=$(grep -c '^10\\.9\\.0\\.1 vrid 51 priority 90$' $lab/adverts.log)
                if [ "$n90" -gt 0 ]; then pass lb1_advertises_the_lowered_priority "$n90 adverts from 10.9.0.1 at priority 90 seen by the client"
                else fail lb1_advertises_the_lowered_priority "$(uniq -c $lab/adverts.log | tail -10; cat $lab/adverts.err)"; fi
                if ip netns exec lb2 ipvsadm -Ln -t 10.9.0.100:9000 | grep -q ' 10.9.0.12:9000 '; then
                  pass other_director_still_serves_the_real_server "$(ip netns exec lb2 ipvsadm -Ln -t 10.9.0.100:9000 | grep ' 10.9.0.12:9000 ')"
                else
                  fail other_director_still_serves_the_real_server "$(ip netns exec lb2 ipvsadm -Ln)"
                fi

                echo "    $(date +%%T) the real servers answer lb1 again"
                ip -n lb1 route del blackhole 10.9.0.11/32; ip -n lb1 route del blackhole 10.9.0.12/32
                t0=$(date +%%s.%%N)
                for t in $(seq 1 240); do holds lb1 && ! holds lb2 && break; sleep 0.25; done
                if holds lb1 && ! holds lb2; then
                  pass tracked_virtual_server_up_takes_it_back "after $(elapsed $t0) s; lb1: $(grep 'priority 90 -> 150' $lab/lb1-again.log | tail -1 | sed 's/^[^ ]* [A-Z]* *//')"
                else
                  fail tracked_virtual_server_up_takes_it_back "$(ip -n lb1 -4 addr; ip -n lb2 -4 addr; tail -20 $lab/lb1-again.log)"
                fi
                for t in $(seq 1 40); do
                  ip netns exec lb1 ipvsadm -Ln -t 10.9.0.100:9000 | grep -Eq ' 10\\.9\\.0\\.12:9000 +Route +[1-9]' \\
                    && ip -n client neigh show 10.9.0.100 | grep -q "$mac1" && break
                  sleep 0.25
                done
                if ip netns exec client python3 $lab/short.py >$lab/short.log 2>&1; then
                  pass requests_go_through_lb1_again "$(cat $lab/short.log); client: $(ip -n client neigh show 10.9.0.100) (lb1 is $mac1)"
                else
                  fail requests_go_through_lb1_again "$(cat $lab/short.log; ip -n client neigh show 10.9.0.100; ip netns exec lb1 ipvsadm -Ln)"
                fi
                touch $lab/stop-adverts; wait $adverts
                echo "    VRRP adverts the client saw (count, source, vrid, priority), in order:"; uniq -c $lab/adverts.log | sed 's/^/      /' | tail -20
                kill $a1 $a2; wait $a1 $a2 2>/dev/null
                echo "    lb2's agent log:"; sed 's/^/      /' $lab/lb2.log | tail -25
                echo "    lb1's agent log after its restart:"; sed 's/^/      /' $lab/lb1-again.log | tail -25
                exit $KERNEL_LAB_FAILED
                """.formatted(root, java);
    }

    @Test
    void
            aConnectionSurvivesTheFailoverOfItsDirectorAFailedRealServerLeavesRotationAndATrackedVirtualServerMovesTheVip() {
        Path root = KernelLab.repositoryRoot();
        assertThat(root.resolve("src/agent/target/fulcrum-agent.jar"))
                .as("the packaged agent")
                .exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        KernelLab.runScript(Duration.ofMinutes(15), script(root, java))
                .requireSuccess()
                .requireChecksPassed(
                        "higher_priority_holds_the_vip",
                        "ipvs_rules_on_lb1",
                        "ipvs_rules_on_lb2",
                        "sync_daemons_master_and_backup",
                        "backup_learns_the_connection",
                        "backup_takes_the_vip",
                        "client_neighbour_follows_the_gratuitous_arp",
                        "new_master_runs_the_master_sync_daemon",
                        "connection_survives_failover",
                        "steady_requests_across_failover",
                        "failed_real_server_leaves_the_table",
                        "requests_keep_succeeding_on_the_others",
                        "restarted_lb1_takes_the_vip_back",
                        "tracked_virtual_server_down_hands_over_the_vip",
                        "lb1_advertises_the_lowered_priority",
                        "other_director_still_serves_the_real_server",
                        "tracked_virtual_server_up_takes_it_back",
                        "requests_go_through_lb1_again");
    }
}
