package io.fulcrum.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fulcrum.cli.Context;
import io.fulcrum.keepalived.ConfException;
import io.fulcrum.keepalived.KeepalivedImport;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.codec.DocumentCodec;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "import-keepalived",
        mixinStandardHelpOptions = true,
        description = {
            "Translate keepalived.conf files into one configuration document (no control plane needed).",
            "",
            "Each FILE is one director's keepalived.conf (with its includes), or several directors' when it has"
                    + " @name lines. The document goes to stdout, the report of every keyword (mapped,"
                    + " approximated, not supported; file and line) to stderr. Exit 1 when the control plane"
                    + " would refuse the document (the reasons are on stderr).",
            "",
            "  fulcrum ctl import-keepalived lb1/keepalived.conf lb2/keepalived.conf > fleet.yaml",
            "  fulcrum ctl plan -f fleet.yaml",
        })
public final class ImportKeepalived extends ApiCommand {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "keepalived.conf files, one per director")
    List<Path> files;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            completionCandidates = Format.Documents.class,
            description = "${COMPLETION-CANDIDATES} (default: yaml)")
    Format format = Format.YAML;

    public ImportKeepalived(Context ctx) {
        super(ctx);
    }

    @Override
    public Integer call() throws JsonProcessingException {
        KeepalivedImport.Result r;
        try {
            r = KeepalivedImport.importFiles(files);
        } catch (ConfException e) {
            err().println("fulcrum ctl import-keepalived: " + e.getMessage());
            err().flush();
            return ERROR;
        }
        var node = KeepalivedImport.encode(r.document());
        print(
                format == Format.JSON
                        ? DocumentCodec.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node)
                        : DocumentCodec.YAML.writeValueAsString(node));
        err().print(r.report().format());
        for (FieldError e : r.refused()) err().println("refused by Fulcrum: " + e.field() + " " + e.message());
        err().flush();
        return r.refused().isEmpty() ? OK : ERROR;
    }
}
