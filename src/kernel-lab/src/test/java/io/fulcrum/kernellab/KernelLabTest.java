package io.fulcrum.kernellab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of the kernel lab that need no VM. */
class KernelLabTest {

    @Test
    void findsTheRepositoryRootAndTheHarness() {
        Path root = KernelLab.repositoryRoot();
        assertThat(root.resolve("openapi.yaml")).isRegularFile();
        assertThat(root.resolve("pom.xml")).isRegularFile();
        assertThat(KernelLab.harness()).isRegularFile().isEqualTo(root.resolve("src/kernel-lab/run"));
    }

    @Test
    void repositoryRootNeedsBothFiles(@TempDir Path dir) throws Exception {
        Path nested = Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("a/pom.xml"), "");
        assertThatThrownBy(() -> KernelLab.repositoryRoot(nested)).isInstanceOf(IllegalStateException.class);
        Files.writeString(dir.resolve("a/openapi.yaml"), "");
        assertThat(KernelLab.repositoryRoot(nested)).isEqualTo(dir.resolve("a").toAbsolutePath());
    }

    @Test
    void parsesCheckLines() {
        Result r = new Result(1, """
                kernel-lab: booting
                KERNEL-LAB-CHECK PASS one
                KERNEL-LAB-CHECK FAIL two exit=3
                    details
                KERNEL-LAB-CHECK PASS three responses rs2 rs1
                KERNEL-LAB-CHECK MAYBE four
                """);
        assertThat(r.checks())
                .containsExactly(
                        new Result.Check("one", true, ""),
                        new Result.Check("two", false, "exit=3"),
                        new Result.Check("three", true, "responses rs2 rs1"));
        assertThat(r.check("three").detail()).isEqualTo("responses rs2 rs1");
        assertThatThrownBy(() -> r.check("four"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("kernel-lab output");
        assertThatThrownBy(() -> r.requireChecksPassed("one"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("two: FAIL exit=3");
        assertThatThrownBy(r::requireSuccess).isInstanceOf(AssertionError.class).hasMessageContaining("exited 1");
        assertThatThrownBy(() -> new Result(124, "").requireSuccess()).hasMessageContaining("timed out");
        new Result(0, "KERNEL-LAB-CHECK PASS one\n").requireSuccess().requireChecksPassed("one");
    }

    @Test
    void javaChecksPrintTheLineProtocol() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Checks checks = new Checks(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(checks.run("good", () -> {})).isTrue();
        assertThat(checks.run("bad", () -> {
                    throw new IllegalStateException("nope");
                }))
                .isFalse();
        Result r = new Result(0, bytes.toString(StandardCharsets.UTF_8));
        assertThat(r.check("good").passed()).isTrue();
        assertThat(r.check("bad").passed()).isFalse();
        assertThat(r.check("bad").detail()).contains("IllegalStateException: nope");
        assertThat(checks.failed()).isEqualTo(1);
        assertThat(checks.passed()).isEqualTo(1);
        assertThatThrownBy(() -> checks.run("with space", () -> {})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scriptPreambleIsValidBash() throws Exception {
        Process p = new ProcessBuilder("bash", "-n", "-c", KernelLab.SCRIPT_PREAMBLE)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    @Test
    void scriptChecksRunOnTheHostShell() throws Exception {
        // the check functions themselves need no VM
        String script = KernelLab.SCRIPT_PREAMBLE + """
                check ok true
                check bad sh -c 'echo boom; exit 3'
                pass given detail here
                fail failed
                exit $KERNEL_LAB_FAILED
                """;
        Process p = new ProcessBuilder("bash", "-c", script)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Result r = new Result(p.waitFor(), out);
        assertThat(r.exitCode()).as(out).isEqualTo(2);
        assertThat(r.checks())
                .containsExactly(
                        new Result.Check("ok", true, ""),
                        new Result.Check("bad", false, "exit=3"),
                        new Result.Check("given", true, "detail here"),
                        new Result.Check("failed", false, ""));
        assertThat(out).contains("    boom");
    }

    @Test
    void awaitWaitsForACommandForAtMostItsSeconds() throws Exception {
        // a file that appears after about 1 s is awaited; a command that never succeeds gives up after 1 s
        String script = KernelLab.SCRIPT_PREAMBLE + """
                f=$(mktemp -u); (sleep 1; touch $f) &
                if await "[ -e $f ]" 5; then pass appears; else fail appears; fi
                rm -f $f
                start=$SECONDS
                if await false 1; then fail never "returned 0"; else pass never "after $((SECONDS - start)) s"; fi
                exit $KERNEL_LAB_FAILED
                """;
        Process p = new ProcessBuilder("bash", "-c", script)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Result r = new Result(p.waitFor(), out);
        assertThat(r.exitCode()).as(out).isZero();
        assertThat(r.checks()).extracting(Result.Check::name).containsExactly("appears", "never");
    }
}
