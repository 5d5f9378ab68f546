package io.fulcrum.keepalived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader reads keepalived.conf as keepalived.conf(5) describes it. */
class ConfReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void commentsQuotesAndBracesOnOneLineAreKeepalivedsWords() throws IOException {
        Path f = write("k.conf", """
                ! a comment
                vrrp_sync_group VG { group { VI_1 VI_2 } }   # trailing comment
                vrrp_script chk {
                    script "/bin/pidof nginx"
                    weight -10}
                """);

        List<ConfNode> tree = new ConfReader(ConfReader.FILES, null).read(List.of(f));

        assertThat(tree).extracting(ConfNode::keyword).containsExactly("vrrp_sync_group", "vrrp_script");
        ConfNode group = tree.get(0).children().get(0);
        assertThat(group.keyword()).isEqualTo("group");
        assertThat(group.children().get(0).keyword()).isEqualTo("VI_1");
        assertThat(group.children().get(0).args()).containsExactly("VI_2");
        assertThat(tree.get(1).children().get(0).args()).containsExactly("/bin/pidof nginx");
        assertThat(tree.get(1).children().get(1).args()).containsExactly("-10");
        assertThat(tree.get(1).children().get(1).line()).isEqualTo(5);
    }

    /** keepalived.conf(5): "include FILENAME ... can include wildcards"; relative to the including file. */
    @Test
    void includesReadTheFilesAGlobMatchesRelativeToTheIncludingFile() throws IOException {
        write("conf.d/b.conf", "virtual_server 10.0.0.2 80 {\n}\n");
        write("conf.d/a.conf", "virtual_server 10.0.0.1 80 {\n}\n");
        write("conf.d/skip.txt", "junk\n");
        Path main = write("keepalived.conf", "global_defs {\n router_id lb1\n}\ninclude conf.d/*.conf\n");

        List<ConfNode> tree = new ConfReader(ConfReader.FILES, null).read(List.of(main));

        assertThat(tree)
                .extracting(ConfNode::keyword)
                .containsExactly("global_defs", "virtual_server", "virtual_server");
        assertThat(tree.get(1).args()).containsExactly("10.0.0.1", "80");
        assertThat(tree.get(1).file()).endsWith("a.conf");
        assertThat(tree.get(1).line()).isEqualTo(1);
    }

    /** keepalived.conf(5): "@lb1 priority 150": the line counts on the node whose config id is lb1. */
    @Test
    void conditionalLinesCountOnTheirNodeAndVariablesAreSubstituted() throws IOException {
        Path f = write("k.conf", """
                $IFACE=eth1
                vrrp_instance VI_1 {
                    interface $IFACE
                    @lb1 priority 150
                    @lb2 priority 100
                    @^lb1 state BACKUP
                }
                """);

        ConfReader lb1 = new ConfReader(ConfReader.FILES, "lb1");
        List<ConfNode> one = lb1.read(List.of(f));
        List<ConfNode> two = new ConfReader(ConfReader.FILES, "lb2").read(List.of(f));

        assertThat(lb1.conditionNames()).containsExactly("lb1", "lb2");
        assertThat(one.get(0).children()).extracting(ConfNode::keyword).containsExactly("interface", "priority");
        assertThat(one.get(0).children().get(0).args()).containsExactly("eth1");
        assertThat(one.get(0).children().get(1).args()).containsExactly("150");
        assertThat(two.get(0).children())
                .extracting(ConfNode::keyword)
                .containsExactly("interface", "priority", "state");
        assertThat(two.get(0).children().get(1).args()).containsExactly("100");
    }

    @Test
    void anUnclosedBlockIsClosedAtTheEndWithAWarningAsKeepalivedDoes() throws IOException {
        Path f = write("k.conf", "virtual_server 10.0.0.1 80 {\n  lb_algo rr\n");
        ConfReader r = new ConfReader(ConfReader.FILES, null);

        List<ConfNode> tree = r.read(List.of(f));

        assertThat(tree.get(0).children()).hasSize(1);
        assertThat(r.warnings()).singleElement().asString().contains("k.conf:1").contains("never closed");
        assertThatThrownBy(() -> new ConfReader(ConfReader.FILES, null).read(List.of(write("x.conf", "}\n"))))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("x.conf:1");
    }

    private static List<ConfNode> readTexts(Map<String, String> files) {
        return new ConfReader(ConfReader.texts(files), null).read(List.of(Path.of("keepalived.conf")));
    }

    @Test
    void blocksNestedWithoutBoundAreRefusedWithTheLineNotAStackOverflow() {
        String deep = "a {\n".repeat(100_000);

        assertThatThrownBy(() -> readTexts(Map.of("keepalived.conf", deep)))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("keepalived.conf:" + (ConfReader.MAX_BLOCK_DEPTH + 1) + ": blocks nest deeper");
    }

    @Test
    void aFileThatIncludesItselfIsRefusedAtTheIncludeLine() {
        assertThatThrownBy(
                        () -> readTexts(Map.of("keepalived.conf", "include a.conf\n", "a.conf", "x\ninclude a.conf\n")))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("a.conf:2: include: a.conf includes itself");
    }

    @Test
    void includesThatFanOutStopAtAThousandFilesInsteadOfReadingMillions() {
        Map<String, String> files = new HashMap<>();
        files.put("keepalived.conf", "include f0.conf\ninclude f0.conf\n");
        for (int i = 0; i < 15; i++)
            files.put("f" + i + ".conf", "include f" + (i + 1) + ".conf\ninclude f" + (i + 1) + ".conf\n");
        files.put("f15.conf", "x\n");

        assertThatThrownBy(() -> readTexts(files))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("more than " + ConfReader.MAX_FILES_READ + " files read");
    }

    @Test
    void anIncludeThatIsNotAPathOrNotAGlobIsRefusedWithItsLine() {
        assertThatThrownBy(() -> readTexts(Map.of("keepalived.conf", "x\ninclude a\u0000b\n")))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("keepalived.conf:2: include");
        assertThatThrownBy(() -> readTexts(Map.of("keepalived.conf", "include [a-\n")))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("keepalived.conf:1: include [a-");
    }

    @Test
    void aVariableCannotExpandALineWithoutBound() {
        String text = "$X=" + "x".repeat(10_000) + "\nrouter_id " + "$X ".repeat(10_000) + "\n";

        assertThatThrownBy(() -> readTexts(Map.of("keepalived.conf", text)))
                .isInstanceOf(ConfException.class)
                .hasMessageContaining("keepalived.conf:2: longer than");
    }
}
