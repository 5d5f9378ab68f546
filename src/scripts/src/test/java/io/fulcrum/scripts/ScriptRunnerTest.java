package io.fulcrum.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure part of the runner: the command line a script runs with. */
class ScriptRunnerTest {
    @Test
    void theUnprivilegedCommandLineDropsToNobodyInItsOwnSession() {
        try (var runner = new ScriptRunner(ScriptPolicy.allowing(Path.of("/tmp"), true))) {
            assertThat(runner.command("/tmp/x", List.of("a b", "c")))
                    .containsExactly(
                            "/usr/bin/setsid",
                            "/usr/bin/setpriv",
                            "--reuid=65534",
                            "--regid=65534",
                            "--clear-groups",
                            "--no-new-privs",
                            "--",
                            "/tmp/x",
                            "a b",
                            "c");
        }
    }
}
