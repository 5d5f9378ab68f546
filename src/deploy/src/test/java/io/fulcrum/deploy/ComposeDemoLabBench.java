package io.fulcrum.deploy;

import static io.fulcrum.deploy.Commands.ROOT;

import io.fulcrum.kernellab.KernelLab;
import io.fulcrum.kernellab.Result;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The top-level docker-compose.yml where IPVS exists: in the kernel lab, with podman inside the VM. The
 * project's images are built on this host (as ComposeDemoIT builds them) and the guest reads the host's
 * image store read-only (an additional image store); everything podman writes in the guest (its storage,
 * its CNI networks and IP allocations) goes to tmpfs mounted in the guest only, so the host's /etc and
 * /var are untouched. Asserted: the demo comes up, both agents report no IPVS fault, lb1 holds the VIP
 * and its kernel holds the virtual server, the client's requests to the VIP reach both real servers;
 * stopping lb1 moves the VIP to lb2 and the client's requests keep being answered through lb2's IPVS.
 *
 * <p>Not a CI test (its name does not end in IT): PostgreSQL's initdb, the control plane and two agents
 * under software emulation take about ten minutes. Run it with {@code bin/fulcrum bench demo-lab}.
 */
class ComposeDemoLabBench {
    static String script(String root) {
        return """
                set -u
                ROOT=%1$s
                # ---- podman in the guest: cgroup2, storage and network state in guest-only tmpfs ----
                mkdir -p /sys/fs/cgroup && mount -t cgroup2 none /sys/fs/cgroup
                mkdir -p /run/host-storage && mount --bind /var/lib/containers/storage /run/host-storage \\
                  && mount -o remount,ro,bind /run/host-storage
                mount -t tmpfs -o size=4g tmpfs /var/lib/containers
                mount -t tmpfs tmpfs /etc/cni/net.d
                mkdir -p /var/lib/cni && mount -t tmpfs tmpfs /var/lib/cni
                mount -t tmpfs tmpfs /var/tmp
                cat > /run/storage.conf <<'CONF'
                [storage]
                driver = "overlay"
                graphroot = "/var/lib/containers/storage"
                runroot = "/run/containers/storage"
                [storage.options]
                additionalimagestores = ["/run/host-storage"]
                CONF
                export CONTAINERS_STORAGE_CONF=/run/storage.conf CONTAINERS_CONF=$ROOT/src/deploy/containers.conf
                check host_images_visible sh -c "podman images | grep -q 'localhost/fulcrum-agent  *ci'"
                podman system service --time 0 unix:///run/podman.sock >/run/podman-service.log 2>&1 &
                for t in $(seq 1 120); do [ -S /run/podman.sock ] && break; sleep 0.5; done
                export DOCKER_HOST=unix:///run/podman.sock FULCRUM_TAG=ci FULCRUM_BASE=localhost/fulcrum-base:bookworm \\
                  FULCRUM_POSTGRES_IMAGE=localhost/fulcrum-ci-postgres:ci FULCRUM_DEMO_IMAGE=localhost/fulcrum-base:bookworm
                compose() { docker-compose --ansi never -p demo -f $ROOT/docker-compose.yml "$@"; }
                # podman's health checks need a loop (no systemd timers); under emulation initdb outlasts the
                # check's 30 retries, so the check runs only once pg_isready answers
                ( while sleep 3; do
                    podman exec demo_postgres_1 pg_isready -q -U fulcrum -d fulcrum -h 127.0.0.1 >/dev/null 2>&1 || continue
                    podman healthcheck run demo_postgres_1 >/dev/null 2>&1
                  done ) &
                hc=$!
                echo "    $(date +%%T) compose up"
                if timeout 1200 docker-compose --ansi never -p demo -f $ROOT/docker-compose.yml up --detach --no-build >/run/up.log 2>&1; then
                  pass compose_up "after $SECONDS s"
                else
                  fail compose_up "$(tail -20 /run/up.log)"
                fi
                CP=http://172.29.80.10:8080; A="Authorization: Bearer demo-admin-token"
                if await "curl -fsS --max-time 3 $CP/q/health/ready" 300; then pass control_plane_ready "at $SECONDS s"; else fail control_plane_ready; fi
                status() { curl -sS --max-time 5 -H "$A" $CP/api/v1/directors/$1/status; }
                for d in lb1 lb2; do
                  if await "status $d | grep -q '\\"report\\"'" 300 && ! status $d | grep -q 'IPVS unavailable'; then
                    pass ${d}_reports_without_ipvs_fault
                  else
                    fail ${d}_reports_without_ipvs_fault "$(status $d | head -c 800)"
                  fi
                done
                netns() { nsenter -t $(podman inspect -f '{{.State.Pid}}' demo_$1_1) -n "${@:2}"; }
                holds() { netns $1 ip -4 -o addr show dev eth0 | grep -q ' 172.29.80.100/32 '; }
                serves() { netns $1 ipvsadm -Ln -t 172.29.80.100:80 | grep -Eq -- '-> +172.29.80.32:80 +Route'; }
                if await "holds lb1" 120 && ! holds lb2; then pass lb1_holds_the_vip; else fail lb1_holds_the_vip; fi
                if await "serves lb1" 120; then pass lb1_kernel_holds_the_virtual_server; else fail lb1_kernel_holds_the_virtual_server "$(netns lb1 ipvsadm -Ln)"; fi
                netns lb1 ipvsadm -Ln | sed 's/^/    /'
                ask() { s=""; for i in $(seq 1 $1); do s="$s $(podman exec demo_client_1 curl -s -m 3 http://172.29.80.100/ 2>&1)"; done; echo "$s"; }
                r=$(ask 6)
                case "$r" in *rs1*rs2*|*rs2*rs1*) pass client_balanced_through_the_vip "$r";; *) fail client_balanced_through_the_vip "$r";; esac
                echo "    the client's own log:"; podman logs --tail 6 demo_client_1 2>&1 | sed 's/^/      /'

                # ---- the master stops: the VIP moves to lb2, whose IPVS carries the client ----
                echo "    $(date +%%T) stopping lb1"
                compose stop --timeout 10 lb1 >/dev/null 2>&1
                if await "holds lb2" 60; then pass vip_moves_to_lb2 "at $SECONDS s"; else fail vip_moves_to_lb2; fi
                check lb2_kernel_holds_the_virtual_server serves lb2
                r=$(ask 6)
                case "$r" in *rs1*rs2*|*rs2*rs1*) pass client_balanced_after_failover "$r";; *) fail client_balanced_after_failover "$r";; esac
                netns lb2 ipvsadm -Ln --stats | sed 's/^/    /'
                kill $hc
                compose logs --no-color --tail 10 2>&1 | sed 's/^/    /' | tail -60
                compose down --volumes --timeout 5 >/dev/null 2>&1
                exit $KERNEL_LAB_FAILED
                """.formatted(root);
    }

    @Test
    void theComposeDemoCarriesTrafficThroughTheVipAndFailsOverInTheKernelLab() {
        Podman.projectImages();
        Podman.postgresImage();
        Commands.require("docker-compose", "Debian's docker-compose");
        long start = System.nanoTime();
        Result r = KernelLab.runScript(Duration.ofMinutes(20), List.of("--mem", "6144"), script(ROOT.toString()));
        System.out.printf("compose demo in the kernel lab: %d s%n", (System.nanoTime() - start) / 1_000_000_000L);
        r.requireSuccess()
                .requireChecksPassed(
                        "host_images_visible",
                        "compose_up",
                        "control_plane_ready",
                        "lb1_reports_without_ipvs_fault",
                        "lb2_reports_without_ipvs_fault",
                        "lb1_holds_the_vip",
                        "lb1_kernel_holds_the_virtual_server",
                        "client_balanced_through_the_vip",
                        "vip_moves_to_lb2",
                        "lb2_kernel_holds_the_virtual_server",
                        "client_balanced_after_failover");
    }
}
