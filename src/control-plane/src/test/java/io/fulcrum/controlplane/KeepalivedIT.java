package io.fulcrum.controlplane;

import static io.fulcrum.controlplane.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.codec.DocumentCodec;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * keepalived.conf through the REST API: each seed's keepalived.conf imported ({@code POST
 * /api/v1/config/import/keepalived}, the files of a pair as JSON), the document planned and applied, and
 * each director's part
 * exported ({@code GET /api/v1/directors/{name}/keepalived.conf}) and accepted by Debian's keepalived.
 */
@QuarkusTest
class KeepalivedIT {
    static Stream<Path> seeds() throws IOException {
        try (var files = Files.list(Path.of("src/test/resources/seeds"))) {
            return files.filter(p -> p.toString().endsWith(".keepalived.conf")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seeds")
    void anImportedKeepalivedConfIsPlannedAppliedAndExportedBack(Path seed) throws Exception {
        Api.deleteAll();
        // a seed holding a pair's two files separates them with this line (seeds/README.md)
        String[] parts = Files.readString(seed).split("(?m)^# ---- next director ----$");
        ObjectNode request = DocumentCodec.JSON.createObjectNode();
        ArrayNode files = request.putArray("files");
        for (int i = 0; i < parts.length; i++)
            files.addObject()
                    .put("name", "director" + (i + 1) + "/keepalived.conf")
                    .put("text", parts[i]);
        JsonNode imported = DocumentCodec.JSON.readTree(admin().body(request.toString())
                .post("/api/v1/config/import/keepalived")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        assertThat(imported.get("refused"))
                .as(imported.get("refused").toString())
                .isEmpty();
        assertThat(imported.get("report")).isNotEmpty();
        String document = imported.get("document").toString();

        admin().body(document).post("/api/v1/config/plan").then().statusCode(200);
        admin().body(document).put("/api/v1/config").then().statusCode(200);

        ConfigDocument stored = DocumentCodec.decodeDocument(
                DocumentCodec.JSON.readTree(admin().get("/api/v1/config")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString()),
                false);
        assertThat(stored.virtualServers()).hasSameSizeAs(imported.at("/document/virtualServers"));
        for (var d : stored.directors()) {
            String conf = admin().accept("text/plain")
                    .get("/api/v1/directors/" + d.name() + "/keepalived.conf")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertThat(conf).contains("router_id " + d.name());
            Path f = Files.createTempFile("exported", ".conf");
            try {
                Files.writeString(f, conf);
                // in a namespace of its own with the interfaces the file names: keepalived refuses missing ones
                StringBuilder sh = new StringBuilder("set -e; ");
                int peer = 0;
                for (String i : interfaces(conf))
                    sh.append("ip link add '" + i + "' type veth peer name kp" + peer++ + "; ip link set '" + i
                            + "' up; ");
                sh.append("exec /usr/sbin/keepalived --config-test -f '" + f + "'");
                Process p = new ProcessBuilder("unshare", "--net", "sh", "-c", sh.toString())
                        .redirectErrorStream(true)
                        .start();
                String said = new String(p.getInputStream().readAllBytes());
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                // keepalived 2.2.7 ends a config test of a file with scripts with SIGTERM to itself (143)
                boolean accepted = p.exitValue() == 0
                        || (p.exitValue() == 143 && !said.contains("Line ") && !said.contains("Non-existent"));
                assertThat(accepted)
                        .as(conf + "\nkeepalived says (exit " + p.exitValue() + "):\n" + said)
                        .isTrue();
            } finally {
                Files.deleteIfExists(f);
            }
        }
    }

    private static Set<String> interfaces(String conf) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)(?:^\\s*interface|^\\s*lvs_sync_daemon| dev) (\\S+)")
                .matcher(conf);
        while (m.find()) out.add(m.group(1));
        Matcher t = Pattern.compile("(?s)track_interface \\{(.*?)}").matcher(conf);
        while (t.find())
            for (String l : t.group(1).split("\n"))
                if (!l.isBlank()) out.add(l.strip().split("\\s+")[0]);
        out.removeIf(i -> i.contains(":"));
        return out;
    }

    @Test
    void anUnknownDirectorHasNoKeepalivedConf() {
        Api.deleteAll();
        admin().get("/api/v1/directors/nobody/keepalived.conf").then().statusCode(404);
    }

    @Test
    void anIncludeCannotBeImportedThroughRestAndSaysWhatToUse() throws Exception {
        JsonNode r = DocumentCodec.JSON.readTree(admin().contentType("text/plain")
                .body("include /etc/keepalived/conf.d/*.conf\n")
                .post("/api/v1/config/import/keepalived")
                .then()
                .statusCode(400)
                .extract()
                .asString());
        assertThat(r.toString()).contains("import-keepalived");
    }
}
