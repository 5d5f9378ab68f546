package io.fulcrum.agent.run;

import io.fulcrum.scripts.HookRunner;
import io.fulcrum.scripts.ScriptPolicy;
import io.fulcrum.scripts.ScriptRunner;
import io.fulcrum.vrrp.track.GroupScripts;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The scripts the agent runs besides health checks, from its --scripts directory only and under the
 * same rules (ScriptPolicy, as nobody when the agent runs as root): VRRP track scripts, and one queue
 * of notify hooks for VRRP transitions, real servers and quorum changes. Closing runs the hooks still
 * queued (a group's STOP hook) for a few seconds, then kills what is left.
 */
public final class AgentScripts implements AutoCloseable {
    private final ScriptRunner runner;
    private final HookRunner hooks;
    private final GroupScripts scripts;

    private AgentScripts(ScriptRunner runner, HookRunner hooks, GroupScripts scripts) {
        this.runner = runner;
        this.hooks = hooks;
        this.scripts = scripts;
    }

    /** Scripts from {@code dir}; null: none (every state naming one is refused). */
    public static AgentScripts of(Path dir) {
        if (dir == null) return new AgentScripts(null, null, GroupScripts.NONE);
        ScriptRunner runner = new ScriptRunner(ScriptPolicy.allowing(dir, ScriptRunner.runningAsRoot()));
        HookRunner hooks = HookRunner.of(runner); // each run logged
        return new AgentScripts(runner, hooks, GroupScripts.of(runner, hooks));
    }

    public GroupScripts scripts() {
        return scripts;
    }

    @Override
    public void close() {
        if (hooks != null)
            hooks.close(Duration.ofSeconds(3)); // bounded: the agent's Shutdown closes this after the loop
        if (runner != null) runner.close();
    }
}
