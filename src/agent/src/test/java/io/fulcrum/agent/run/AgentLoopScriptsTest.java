package io.fulcrum.agent.run;

import static io.fulcrum.agent.run.AgentLoopTest.doc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fulcrum.agent.reconcile.FakeKernel;
import io.fulcrum.agent.reconcile.Reconciler;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.ResourceRef;
import io.fulcrum.runtime.LogCapture;
import io.fulcrum.vrrp.track.GroupScripts;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scripts a desired state names besides health checks: refused outside the allowed directory, hooks on health changes. */
class AgentLoopScriptsTest {
    static final String DOC = """
            apiVersion: fulcrum/v1
            directors: [{name: lb1, managementAddress: 10.0.0.1}]
            virtualServers:
              - name: web
                address: 192.168.10.100
                port: 80
                directors: [lb1]
                notify: {quorumUp: /s/quorum-up.sh, quorumDown: /s/quorum-down.sh}
                realServers:
                  - {name: a, address: 192.168.10.11, notify: {up: /s/up.sh, down: /s/down.sh},
                     healthCheck: {type: tcp, intervalSeconds: 1, timeoutSeconds: 1, retries: 0, fall: 1, rise: 1}}
            """;

    /** Scripts under /s/ are allowed; hooks are recorded. */
    static final class FakeScripts implements GroupScripts {
        final BlockingQueue<String> hooks = new LinkedBlockingQueue<>();

        @Override
        public void check(String script) {
            if (!script.startsWith("/s/"))
                throw new IllegalArgumentException("'" + script + "' is outside the allowed script directory /s");
        }

        @Override
        public CompletionStage<Result> run(String script, List<String> arguments, Duration timeout) {
            return CompletableFuture.completedFuture(new Result(true, "exit status 0"));
        }

        @Override
        public void hook(String event, String script, List<String> arguments) {
            hooks.add(event + ": " + script + (arguments.isEmpty() ? "" : " " + String.join(" ", arguments)));
        }
    }

    final FakeKernel kernel = new FakeKernel();
    final ManualHealth health = new ManualHealth();
    final LogCapture output = LogCapture.start();
    final FakeScripts scripts = new FakeScripts();
    final AgentLoop loop = new AgentLoop(
            "lb1", kernel, new Reconciler(kernel, Set.of(), false, owned -> {}), health.monitor, Duration.ofHours(1));
    LoopThread thread;

    @AfterEach
    void stop() throws InterruptedException {
        if (thread != null) thread.stop();
        health.monitor.close();
        output.close();
    }

    @Test
    void aStateNamingScriptsOutsideTheAllowedDirectoryIsRefusedNamingEachFieldAndNothingIsApplied() throws Exception {
        loop.scripts(scripts);
        thread = LoopThread.start(loop);
        String bad = DOC.replace("/s/down.sh", "/etc/down.sh").replace("/s/quorum-up.sh", "/tmp/q.sh");

        Outcome o = loop.offer(doc(bad), "revision 1").get(10, TimeUnit.SECONDS);

        assertThat(o)
                .isInstanceOfSatisfying(
                        Outcome.Refused.class,
                        r -> assertThat(r.errors())
                                .containsExactly(
                                        new FieldError(
                                                "/virtualServers/0/notify/quorumUp",
                                                "'/tmp/q.sh' is outside the allowed script directory /s"),
                                        new FieldError(
                                                "/virtualServers/0/realServers/0/notify/down",
                                                "'/etc/down.sh' is outside the allowed script directory /s")));
        assertThat(((Outcome.Refused) o).errors())
                .extracting(FieldError::object, FieldError::pointer)
                .containsExactly(
                        tuple(ResourceRef.virtualServer("web"), "/notify/quorumUp"),
                        tuple(ResourceRef.realServer("web", "a"), "/notify/down"));
        assertThat(kernel.requests).isEmpty();
        assertThat(health.monitor.runningChecks()).isZero();
    }

    @Test
    void aVrrpGroupsTrackScriptOrHookOutsideTheAllowedDirectoryIsRefused() throws Exception {
        loop.scripts(scripts);
        thread = LoopThread.start(loop);
        String group = DOC.replace("directors: [lb1]\n", "vrrpGroup: vg1\n") + """
                vrrpGroups:
                  - name: vg1
                    vrid: 51
                    interface: eth0
                    virtualAddresses: [{address: 192.168.10.100}]
                    members: [{director: lb1, priority: 150}]
                    trackScripts: [{name: chk, script: /usr/bin/true}]
                    notify: {fault: /s/fault.sh, stop: /root/stop.sh}
                """;

        Outcome o = loop.offer(doc(group), "revision 1").get(10, TimeUnit.SECONDS);

        assertThat(o)
                .isInstanceOfSatisfying(
                        Outcome.Refused.class,
                        r -> assertThat(r.errors())
                                .extracting(FieldError::field)
                                .containsExactly("/vrrpGroups/0/trackScripts/0/script", "/vrrpGroups/0/notify/stop"));
        assertThat(kernel.requests).isEmpty();
    }

    @Test
    void withoutAnAllowedScriptDirectoryAStateWithHooksIsRefused() throws Exception {
        thread = LoopThread.start(loop);

        Outcome o = loop.offer(doc(DOC), "revision 1").get(10, TimeUnit.SECONDS);

        assertThat(o)
                .isInstanceOfSatisfying(
                        Outcome.Refused.class,
                        r -> assertThat(r.errors())
                                .hasSize(4)
                                .allSatisfy(f -> assertThat(f.message()).contains("no allowed script directory")));
    }

    @Test
    void aRealServerGoingDownAndUpRunsItsHooksAndTheQuorumHooksOfItsVirtualServer() throws Exception {
        loop.scripts(scripts);
        thread = LoopThread.start(loop);
        assertThat(loop.offer(doc(DOC), "revision 1").get(10, TimeUnit.SECONDS)).isInstanceOf(Outcome.Applied.class);

        health.refusing.add(InetAddress.getByName("192.168.10.11"));
        health.timer.advance(Duration.ofSeconds(3));
        assertThat(List.of(next(), next()))
                .containsExactlyInAnyOrder(
                        "real server web/a DOWN: /s/down.sh", "virtual server web quorum down: /s/quorum-down.sh");

        health.refusing.clear();
        health.timer.advance(Duration.ofSeconds(3));
        assertThat(List.of(next(), next()))
                .containsExactlyInAnyOrder(
                        "real server web/a UP: /s/up.sh", "virtual server web quorum up: /s/quorum-up.sh");
    }

    String next() throws InterruptedException {
        String h = scripts.hooks.poll(10, TimeUnit.SECONDS);
        assertThat(h).as("a hook was queued; output:\n" + output.text()).isNotNull();
        return h;
    }
}
