package io.fulcrum.keepalived;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Command lines as keepalived splits them (lib/parser.c alloc_strvec_quoted_escaped, taken twice for a
 * script line), and written so that it splits them back into the same words.
 */
class WordsTest {

    @Test
    void aCommandLineSplitsOnWhitespaceWithQuotesGroupingAndBackslashesEscaping() {
        assertThat(Words.commandLine("/bin/x.sh  MASTER 'a b' \"c d\" e\\ f g'h i'j \\n \\101 \\cA"))
                .containsExactly("/bin/x.sh", "MASTER", "a b", "c d", "e f", "gh ij", "\n", "A", "\u0001");
        assertThat(Words.commandLine("/bin/x.sh 'open"))
                .as("keepalived: missing terminating '")
                .isNull();
    }

    @Test
    void aScriptLineTakesEscapesTwiceAsKeepalivedDoes() {
        // keepalived 2.2.7 -d: notify_master "/x.sh 'x\\'y' '\\042q'" runs /x.sh with x'y and "q
        assertThat(Words.scriptLine("/x.sh 'x\\\\'y' '\\\\042q'")).containsExactly("/x.sh", "x'y", "\"q");
        assertThat(Words.scriptLine("/x.sh 'x\\'y'"))
                .as("refused by keepalived too")
                .isNull();
    }

    @Test
    void writtenWordsReadBackTheSame() {
        List<String> words = List.of(
                "/usr/local/bin/vrrp.sh",
                "MASTER",
                "",
                "two words",
                "it's",
                "say \"hi\"",
                "back\\slash",
                "# not a comment",
                "! nor this",
                "$HOME ${X}",
                "{braces}",
                "tab\there\nnewline",
                "été");
        String text = Words.scriptLineText(words);

        assertThat(Words.scriptLine(text)).isEqualTo(words);
        assertThat(text)
                .doesNotContain("\"")
                .doesNotContain("#")
                .doesNotContain("$")
                .doesNotContain("\n");
        assertThat(Words.scriptLineText(List.of("/bin/x.sh", "MASTER", "VI_1")))
                .as("plain words stay as they are")
                .isEqualTo("/bin/x.sh MASTER VI_1");
    }
}
