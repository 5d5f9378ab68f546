package io.fulcrum.vrrp.track;

import io.fulcrum.model.FieldError;
import io.fulcrum.model.Hook;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.scripts.HookRunner;
import io.fulcrum.scripts.ScriptPolicy;
import io.fulcrum.scripts.ScriptRunner;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where a director's VRRP scripts run: track scripts, whose results come back to the router, and notify
 * hooks, queued and forgotten. The I/O behind the trackers: the real one ({@link #of}) runs scripts as
 * health check scripts run (the director's allowed directory only, as nobody, killed with everything
 * they started at their timeout); tests give fakes.
 */
public interface GroupScripts {

    /** How a track script ended: exit status 0 or not, and a few words ("exit status 1", "timeout after 5s ..."). */
    record Result(boolean ok, String reason) {}

    /** Refuses a script this director may not run: an {@link IllegalArgumentException} saying why. */
    void check(String script);

    /** Runs a track script; the stage always completes normally, within about {@code timeout}. */
    CompletionStage<Result> run(String script, List<String> arguments, Duration timeout);

    /** Queues a notify hook ({@code event} names it in the log); never blocks. */
    void hook(String event, String script, List<String> arguments);

    /** A director without an allowed script directory: every script is refused. */
    GroupScripts NONE = new GroupScripts() {
        @Override
        public void check(String script) {
            ScriptPolicy.none().resolve(script);
        }

        @Override
        public CompletionStage<Result> run(String script, List<String> arguments, Duration timeout) {
            return CompletableFuture.completedFuture(new Result(false, "scripts are not allowed on this director"));
        }

        @Override
        public void hook(String event, String script, List<String> arguments) {
            // never reached: a group naming a hook is refused by check()
        }
    };

    /** Track scripts on {@code runner} (its policy decides what may run), hooks on {@code hooks}. */
    static GroupScripts of(ScriptRunner runner, HookRunner hooks) {
        return new GroupScripts() {
            @Override
            public void check(String script) {
                runner.policy().resolve(script);
            }

            @Override
            public CompletionStage<Result> run(String script, List<String> arguments, Duration timeout) {
                return runner.execute(script, arguments, timeout, false)
                        .thenApply(e -> new Result(e.ok(), e.describe(timeout)));
            }

            @Override
            public void hook(String event, String script, List<String> arguments) {
                hooks.submit(new HookRunner.Hook(event, script, arguments));
            }
        };
    }

    /**
     * The scripts of {@code g} (track scripts, notify hooks) that {@code scripts} refuses, each as an error
     * on its field under {@code at} ("/vrrpGroups/0/trackScripts/1/script").
     */
    static void checkGroup(VrrpGroup g, String at, GroupScripts scripts, List<FieldError> errors) {
        for (int j = 0; j < g.trackScripts().size(); j++) {
            checkField(scripts, g.trackScripts().get(j).script(), at + "/trackScripts/" + j + "/script", errors);
        }
        checkNotify(scripts, g.notifications(), at + "/notify", errors);
        checkNotify(scripts, g.syncGroupNotify(), at + "/syncGroupNotify", errors);
    }

    private static void checkNotify(GroupScripts scripts, VrrpGroup.Notify n, String at, List<FieldError> errors) {
        if (n == null) return;
        for (var e : n.given()) checkField(scripts, e.getValue(), at + "/" + e.getKey(), errors);
    }

    /** {@link #checkField(GroupScripts, String, String, List)} for a hook's script (an error on {@code field}). */
    static void checkField(GroupScripts scripts, Hook hook, String field, List<FieldError> errors) {
        if (hook != null) checkField(scripts, hook.script(), field, errors);
    }

    /** Adds an error on {@code field} when {@code scripts} refuses {@code script} (none: nothing to check). */
    static void checkField(GroupScripts scripts, String script, String field, List<FieldError> errors) {
        if (script == null) return;
        try {
            scripts.check(script);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, e.getMessage()));
        }
    }
}
