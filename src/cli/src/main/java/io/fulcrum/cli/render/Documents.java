package io.fulcrum.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.fulcrum.model.codec.DocumentCodec;
import java.io.UncheckedIOException;

/**
 * JSON and YAML as the commands print them. JSON keeps the members in the order the API sent them (or the
 * order a command built them in), indented by two spaces, one value per line: stable for scripts. YAML is
 * the configuration document's YAML (every string quoted, so values read back as they were).
 */
public final class Documents {
    private static final ObjectWriter JSON = DocumentCodec.JSON.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
            .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n")));

    private Documents() {}

    /** Indented JSON ending in a newline. */
    public static String json(JsonNode n) {
        try {
            return JSON.writeValueAsString(n) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line of JSON (no newline). */
    public static String compact(JsonNode n) {
        return n.toString();
    }

    public static String yaml(JsonNode n) {
        try {
            return DocumentCodec.YAML.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
