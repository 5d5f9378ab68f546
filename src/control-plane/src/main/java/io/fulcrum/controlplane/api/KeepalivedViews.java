package io.fulcrum.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.keepalived.ConfException;
import io.fulcrum.keepalived.ConfReader;
import io.fulcrum.keepalived.ImportReport;
import io.fulcrum.keepalived.KeepalivedExport;
import io.fulcrum.keepalived.KeepalivedImport;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.codec.DocumentCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** keepalived.conf through the REST API: the import's response body, a director's export. */
final class KeepalivedViews {
    private KeepalivedViews() {}

    /** The name the one imported text is reported under. */
    static final String FILE = "keepalived.conf";

    /** {@code text} imported: {document, report, refused} (KeepalivedImport in openapi.yaml). */
    static ObjectNode imported(String text) {
        return imported(ConfReader.text(FILE, text == null ? "" : text), List.of(Path.of(FILE)));
    }

    /**
     * KeepalivedImportRequest: {files: [{name, text}], main: [names]}; each main file (default: every
     * file) is a director's keepalived.conf, the others are there to be included.
     */
    static ObjectNode importedFiles(JsonNode body) {
        Map<String, String> files = new LinkedHashMap<>();
        List<FieldError> errors = new ArrayList<>();
        JsonNode list = body.path("files");
        if (!list.isArray() || list.isEmpty()) errors.add(new FieldError("/files", "is required: the files to import"));
        for (int i = 0; i < list.size(); i++) {
            JsonNode f = list.get(i);
            if (!f.path("name").isTextual()
                    || f.path("name").asText().isEmpty()
                    || !f.path("text").isTextual())
                errors.add(new FieldError("/files/" + i, "needs a name and a text"));
            else
                files.put(
                        Path.of(f.get("name").asText()).normalize().toString(),
                        f.get("text").asText());
        }
        List<Path> main = new ArrayList<>();
        JsonNode m = body.path("main");
        if (m.isArray()) {
            for (int i = 0; i < m.size(); i++) {
                String n = Path.of(m.get(i).asText()).normalize().toString();
                if (!files.containsKey(n)) errors.add(new FieldError("/main/" + i, "names no file of /files"));
                main.add(Path.of(n));
            }
        } else {
            for (String n : files.keySet()) main.add(Path.of(n));
        }
        if (!errors.isEmpty()) throw new ValidationException(errors);
        return imported(ConfReader.texts(files), main);
    }

    private static ObjectNode imported(ConfReader.Source source, List<Path> main) {
        KeepalivedImport.Result r;
        try {
            r = KeepalivedImport.importFrom(source, main);
        } catch (ConfException e) {
            throw new ValidationException("", e.getMessage());
        }
        ObjectNode o = DocumentCodec.JSON.createObjectNode();
        o.set("document", KeepalivedImport.encode(r.document()));
        ArrayNode report = o.putArray("report");
        for (ImportReport.Entry e : r.report().entries()) {
            ObjectNode n = report.addObject()
                    .put("file", e.file())
                    .put("line", e.line())
                    .put("keyword", e.keyword())
                    .put("status", e.status().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            if (e.note() != null) n.put("note", e.note());
        }
        ArrayNode refused = o.putArray("refused");
        for (FieldError e : r.refused())
            refused.addObject().put("field", e.field()).put("message", e.message());
        return o;
    }

    /** {@code director}'s part of {@code doc} as keepalived.conf, without passwords. */
    static String exported(ConfigDocument doc, String director) {
        return KeepalivedExport.export(doc, director, false);
    }
}
