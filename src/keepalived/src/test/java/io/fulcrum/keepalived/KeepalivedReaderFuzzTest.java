package io.fulcrum.keepalived;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * keepalived.conf from outside, fuzzed (Jazzer): whatever the files hold, reading and importing them ends in a
 * document with its report or a {@link ConfException} naming the file and line, never another exception. The
 * files are in memory ({@link ConfReader#texts}): the input is keepalived.conf, and each line {@code === NAME}
 * starts another file an include may match; nothing on disk is read. In a normal test run it runs its
 * committed inputs (KeepalivedReaderFuzzTestInputs/METHOD/); JAZZER_FUZZ=1 fuzzes (bin/fulcrum bench fuzz).
 */
class KeepalivedReaderFuzzTest {
    static final String FIRST = "keepalived.conf";

    @FuzzTest(maxDuration = "10m")
    void anyFilesAreImportedOrRefusedWithFileAndLine(byte[] input) {
        Map<String, String> files = files(new String(input, StandardCharsets.UTF_8));
        try {
            KeepalivedImport.Result r = KeepalivedImport.importFrom(ConfReader.texts(files), List.of(Path.of(FIRST)));
            assertThat(r.document()).isNotNull();
        } catch (ConfException refused) {
            assertThat(refused.getMessage()).as("names the file and line").matches("(?s)[^\\n]+:\\d+: .*");
        }
    }

    /** keepalived.conf, then a file per {@code === NAME} line. */
    static Map<String, String> files(String text) {
        Map<String, String> files = new LinkedHashMap<>();
        String name = FIRST;
        StringBuilder body = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("=== ") && !line.substring(4).isBlank()) {
                files.putIfAbsent(name, body.toString());
                name = line.substring(4).strip();
                body.setLength(0);
            } else {
                body.append(line).append('\n');
            }
        }
        files.putIfAbsent(name, body.toString());
        return files;
    }
}
