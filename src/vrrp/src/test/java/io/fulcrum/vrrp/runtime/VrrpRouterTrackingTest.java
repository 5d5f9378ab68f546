package io.fulcrum.vrrp.runtime;

import static io.fulcrum.vrrp.runtime.Docs.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.vrrp.machine.Event;
import io.fulcrum.vrrp.machine.State;
import io.fulcrum.vrrp.track.GroupScripts;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * Track scripts, outside adjustments and notify hooks in the router: a fake host, fake scripts whose
 * runs the test ends, a manual clock. Nothing runs, nothing sleeps.
 */
class VrrpRouterTrackingTest extends RouterTestBase {
    final FakeScripts scripts = new FakeScripts();

    /** Scripts under /s/ are allowed; each run waits for the test to end it. */
    static final class FakeScripts implements GroupScripts {
        record Run(String script, List<String> arguments, Duration timeout, CompletableFuture<Result> result) {}

        final Deque<Run> runs = new ArrayDeque<>();
        final List<String> hooks = new ArrayList<>();

        @Override
        public void check(String script) {
            if (!script.startsWith("/s/"))
                throw new IllegalArgumentException("'" + script + "' is outside the allowed script directory /s");
        }

        @Override
        public CompletionStage<Result> run(String script, List<String> arguments, Duration timeout) {
            Run r = new Run(script, arguments, timeout, new CompletableFuture<>());
            runs.add(r);
            return r.result();
        }

        @Override
        public void hook(String event, String script, List<String> arguments) {
            hooks.add(script + " " + String.join(" ", arguments));
        }

        Run next() {
            assertThat(runs).as("a script run started").isNotEmpty();
            return runs.poll();
        }
    }

    VrrpRouter router(String extra) {
        ConfigDocument doc =
                DocumentCodec.decodeDocument(DocumentCodec.parse(Docs.group(2, 1, extra, member(1, 100))), false);
        return VrrpRouter.create(doc, "d1", host, (group, from, to, reason) -> {}, scripts, () -> now);
    }

    static String trackScript(int weight) {
        return "\"trackScripts\":[{\"name\":\"chk\",\"script\":\"/s/chk.sh\",\"arguments\":[\"web\"],\"intervalSeconds\":1,\"timeoutSeconds\":0.5,"
                + "\"weight\":" + weight + "}]";
    }

    static GroupScripts.Result ok() {
        return new GroupScripts.Result(true, "exit status 0");
    }

    static GroupScripts.Result failed() {
        return new GroupScripts.Result(false, "exit status 1");
    }

    /** At {@code t} the next run is due and starts; it ends with {@code result} a tenth of a second later. */
    void runAt(VrrpRouter r, long t, GroupScripts.Result result) throws Exception {
        at(r, t);
        FakeScripts.Run run = scripts.next();
        assertThat(scripts.runs).isEmpty();
        at(r, t + S / 10);
        run.result().complete(result);
        at(r, now);
    }

    @Test
    void aFailingTrackScriptWithNegativeWeightLowersTheAdvertisedPriorityAndItsSuccessRestoresIt() throws Exception {
        VrrpRouter r = router(trackScript(-30));
        r.start();
        FakeScripts.Run first = scripts.next();
        assertThat(first.script()).isEqualTo("/s/chk.sh");
        assertThat(first.arguments()).containsExactly("web");
        assertThat(first.timeout()).isEqualTo(Duration.ofMillis(500));
        at(r, S / 10);
        first.result().complete(ok());
        at(r, now);
        for (long t = S; t <= 3 * S; t += S) runAt(r, t, ok()); // every interval, start to start
        at(r, MDI_100);
        assertThat(r.states()).containsEntry("VI_1", State.MASTER);
        assertThat(host.channel().priorities()).last().isEqualTo(100);

        runAt(r, 4 * S, failed());
        assertThat(r.priorities()).containsEntry("VI_1", 70);
        assertThat(host.channel().priorities())
                .as("told at once, not at the next interval")
                .last()
                .isEqualTo(70);
        assertThat(logs).contains("VI_1: track script chk failed (exit status 1), 1 failure(s) in a row: priority -30");

        runAt(r, 5 * S, ok());
        assertThat(r.priorities()).containsEntry("VI_1", 100);
        assertThat(host.channel().priorities()).last().isEqualTo(100);
    }

    @Test
    void anUnweightedTrackScriptHoldsTheStartupAndItsFailurePutsTheGroupInFault() throws Exception {
        VrrpRouter r = router(trackScript(0));
        r.start();
        at(r, MDI_100 * 2);
        assertThat(r.states()).as("waiting for the script's first result").containsEntry("VI_1", State.INITIALIZE);

        scripts.next().result().complete(ok());
        at(r, now);
        assertThat(r.states()).containsEntry("VI_1", State.BACKUP);
        at(r, now + MDI_100);
        assertThat(r.states()).containsEntry("VI_1", State.MASTER);

        at(r, now + S);
        scripts.next().result().complete(failed());
        at(r, now);
        assertThat(r.states()).containsEntry("VI_1", State.FAULT);
        assertThat(host.channel().priorities())
                .as("a master in FAULT lets go at once")
                .last()
                .isEqualTo(0);
        assertThat(host.calls).contains("remove eth0 10.1.1.166/32");

        at(r, now + S);
        scripts.next().result().complete(ok());
        at(r, now);
        assertThat(r.states()).containsEntry("VI_1", State.BACKUP);
    }

    @Test
    void notifyHooksRunOnEveryTransitionWithKeepalivedsArguments() throws Exception {
        VrrpRouter r = router(
                "\"notify\":{\"master\":\"/s/master.sh\",\"backup\":\"/s/backup.sh\",\"fault\":\"/s/fault.sh\",\"stop\":\"/s/stop.sh\"}");
        r.start();
        at(r, MDI_100);
        r.track("VI_1", new Event.TrackFault("virtual server web", true));
        at(r, now + S);
        r.track("VI_1", new Event.TrackFault("virtual server web", false));
        at(r, now + S);
        r.track("VI_1", new Event.PriorityAdjusted("virtual server web", -20));
        at(r, now + S);
        r.requestStop();
        at(r, now + S);

        assertThat(scripts.hooks)
                .containsExactly(
                        "/s/backup.sh INSTANCE VI_1 BACKUP 100",
                        "/s/master.sh INSTANCE VI_1 MASTER 100",
                        "/s/fault.sh INSTANCE VI_1 FAULT 100",
                        "/s/backup.sh INSTANCE VI_1 BACKUP 100",
                        "/s/stop.sh INSTANCE VI_1 STOP 80");
    }

    /** VI_1 and VI_2 on d1, both priority 100, in sync group SG with {@code syncGroupNotify}; each group's own {@code notify}. */
    VrrpRouter syncGroupRouter(String syncGroupNotify, String notify) {
        String extra = "\"syncGroup\":\"SG\",\"syncGroupNotify\":" + syncGroupNotify + ",\"notify\":" + notify;
        ConfigDocument doc = DocumentCodec.decodeDocument(
                DocumentCodec.parse(Docs.doc(
                        1,
                        Docs.vrrpGroup("VI_1", 51, 2, 1, List.of("10.1.1.166"), extra, member(1, 100)),
                        Docs.vrrpGroup("VI_2", 52, 2, 1, List.of("10.1.1.167"), extra, member(1, 100)))),
                false);
        return VrrpRouter.create(doc, "d1", host, (group, from, to, reason) -> {}, scripts, () -> now);
    }

    /**
     * keepalived's notify_group_exec (vrrp_notify.c) beside notify_instance_exec: a sync group's hooks run
     * once per transition of the group, the state's hook with its own arguments only, then the generic one
     * with "GROUP", the name, the state and priority 0 after its own; a stopping group runs no generic
     * STOP (keepalived.conf(5): STOP "only applies to instances").
     */
    @Test
    void aSyncGroupRunsItsHooksOncePerTransitionOfTheGroupWithKeepalivedsArguments() throws Exception {
        VrrpRouter r = syncGroupRouter("""
                {"master": {"script": "/s/sg-master.sh", "arguments": ["to", "MASTER", "a b"]},
                 "backup": "/s/sg-backup.sh", "fault": "/s/sg-fault.sh", "stop": "/s/sg-stop.sh",
                 "any": {"script": "/s/sg-any.sh", "arguments": ["--from", "fulcrum"]}}""", "{\"any\": \"/s/vi.sh\"}");
        r.start();
        at(r, MDI_100);
        assertThat(r.states()).containsEntry("VI_1", State.MASTER).containsEntry("VI_2", State.MASTER);
        r.track("VI_1", new Event.TrackFault("virtual server web", true));
        at(r, now + S);
        assertThat(r.states()).containsEntry("VI_2", State.FAULT);
        r.track("VI_1", new Event.TrackFault("virtual server web", false));
        at(r, now + S);
        r.requestStop();
        at(r, now + S);

        assertThat(scripts.hooks.stream()
                        .filter(h -> h.startsWith("/s/sg-"))
                        .map(String::strip)
                        .toList())
                .containsExactly(
                        "/s/sg-backup.sh",
                        "/s/sg-any.sh --from fulcrum GROUP SG BACKUP 0",
                        "/s/sg-master.sh to MASTER a b",
                        "/s/sg-any.sh --from fulcrum GROUP SG MASTER 0",
                        "/s/sg-fault.sh",
                        "/s/sg-any.sh --from fulcrum GROUP SG FAULT 0",
                        "/s/sg-backup.sh",
                        "/s/sg-any.sh --from fulcrum GROUP SG BACKUP 0",
                        "/s/sg-stop.sh");
        assertThat(scripts.hooks)
                .as("each member's generic hook runs for each of its own transitions")
                .contains(
                        "/s/vi.sh INSTANCE VI_1 MASTER 100",
                        "/s/vi.sh INSTANCE VI_2 MASTER 100",
                        "/s/vi.sh INSTANCE VI_2 FAULT 100",
                        "/s/vi.sh INSTANCE VI_1 STOP 100",
                        "/s/vi.sh INSTANCE VI_2 STOP 100");
        assertThat(logs).contains("sync group SG: BACKUP -> MASTER");
    }

    @Test
    void aSyncGroupHookTheDirectorMayNotRunIsRefusedNamingItsField() {
        ValidationException e = (ValidationException) catchThrowable(
                () -> syncGroupRouter("{\"master\": {\"script\": \"/etc/sg.sh\", \"arguments\": [\"x\"]}}", "{}"));

        assertThat(e.errors())
                .extracting(FieldError::field)
                .containsExactly("/vrrpGroups/0/syncGroupNotify/master", "/vrrpGroups/1/syncGroupNotify/master");
    }

    @Test
    void anOutsideAdjustmentLowersThePriorityUntilWithdrawn() throws Exception {
        VrrpRouter r = router("");
        r.start();
        at(r, MDI_100);

        r.track("VI_1", new Event.PriorityAdjusted("virtual server web", -50));
        at(r, now + S / 10);
        assertThat(r.priorities()).containsEntry("VI_1", 50);
        assertThat(host.channel().priorities()).last().isEqualTo(50);

        r.track("VI_1", new Event.PriorityAdjusted("virtual server web", 0));
        at(r, now + S / 10);
        assertThat(r.priorities()).containsEntry("VI_1", 100);
    }

    @Test
    void anOutsideFaultGivenBeforeTheStartStartsTheGroupInFault() {
        VrrpRouter r = router("");
        r.track("VI_1", new Event.TrackFault("virtual server web", true));

        r.start();

        assertThat(r.states()).containsEntry("VI_1", State.FAULT);
        assertThat(logs)
                .anyMatch(l -> l.contains(
                        "INITIALIZE -> FAULT: a tracked condition is in fault at startup (virtual server web)"));
    }

    @Test
    void aGroupWhoseScriptsMayNotRunHereIsRefusedNamingEachField() {
        String extra =
                "\"trackScripts\":[{\"name\":\"ok\",\"script\":\"/s/ok.sh\"},{\"name\":\"bad\",\"script\":\"/etc/bad.sh\"}],"
                        + "\"notify\":{\"master\":\"/tmp/m.sh\",\"stop\":\"/s/stop.sh\"}";

        assertThatThrownBy(() -> router(extra))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(
                                        new FieldError(
                                                "/vrrpGroups/0/trackScripts/1/script",
                                                "'/etc/bad.sh' is outside the allowed script directory /s"),
                                        new FieldError(
                                                "/vrrpGroups/0/notify/master",
                                                "'/tmp/m.sh' is outside the allowed script directory /s")));
        assertThat(host.calls).isEmpty();
        assertThat(scripts.runs).isEmpty();
    }

    @Test
    void withoutAnAllowedScriptDirectoryAGroupWithScriptsIsRefused() {
        ConfigDocument doc = DocumentCodec.decodeDocument(
                DocumentCodec.parse(Docs.group(2, 1, trackScript(-10), member(1, 100))), false);

        assertThatThrownBy(() -> VrrpRouter.create(doc, "d1", host, (g, f, t, why) -> {}))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.errors()).singleElement().satisfies(f -> {
                            assertThat(f.field()).isEqualTo("/vrrpGroups/0/trackScripts/0/script");
                            assertThat(f.message()).contains("no allowed script directory");
                        }));
    }
}
