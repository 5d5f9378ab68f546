package io.fulcrum.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.cli.CliException;
import io.fulcrum.cli.Context;
import io.fulcrum.cli.http.ApiError;
import io.fulcrum.cli.http.ControlPlane;
import io.fulcrum.cli.http.Request;
import io.fulcrum.cli.http.Response;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.codec.DocumentCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The document and scope options of {@code plan}, {@code apply} and {@code diff}, and the plan request they
 * share ({@code POST /api/v1/config/plan}). The file is read and parsed here, so a syntax error names its
 * line before anything is sent; it is sent as JSON.
 */
final class DocumentInput {
    static final String PLAN = "/api/v1/config/plan";
    static final String CONFIG = "/api/v1/config";

    @Option(
            names = {"-f", "--file"},
            required = true,
            paramLabel = "FILE",
            description = "The configuration document (YAML or JSON, as `export` writes it); - reads stdin.")
    String file;

    @Option(
            names = "--prune",
            description = "Delete the resources in scope that the document leaves out (without it they are kept).")
    boolean prune;

    @Option(
            names = {"-l", "--selector"},
            paramLabel = "KEY=VALUE",
            description = "Only resources with this label are in scope, in the document and in the control plane;"
                    + " others are neither changed nor pruned (repeat to require several).")
    List<String> selector = new ArrayList<>();

    @Option(names = "--list-unchanged", description = "Also list the resources the document does not change.")
    boolean listUnchanged;

    private String body;

    /** The document as JSON text, after a local syntax check (read once: stdin can be read only once). */
    String body(Context ctx) {
        if (body == null) body = read(ctx);
        return body;
    }

    private String read(Context ctx) {
        String text;
        try {
            text = file.equals("-")
                    ? new String(ctx.terminal().in().readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new CliException(
                    "cannot read " + (file.equals("-") ? "stdin" : file) + ": " + e.getMessage(),
                    "give -f a readable YAML or JSON file (`fulcrum ctl export > FILE` writes one)",
                    e);
        }
        JsonNode tree;
        try {
            tree = DocumentCodec.parse(text);
        } catch (ValidationException e) {
            List<String> details = new ArrayList<>();
            for (FieldError fe : e.errors()) details.add(fe.message());
            throw new CliException(file + " is not valid YAML or JSON", details, "fix the line named above");
        }
        if (tree == null || !tree.isObject())
            throw new CliException(
                    file + " is not a configuration document (no apiVersion: fulcrum/v1 mapping)",
                    "`fulcrum ctl export` shows what one looks like");
        return tree.toString();
    }

    /** The query of plan and apply: prune, selector, listUnchanged. */
    String query() {
        List<Map.Entry<String, String>> q = new ArrayList<>();
        if (prune) q.add(Map.entry("prune", "true"));
        for (String s : selector) q.add(Map.entry("selector", s));
        if (listUnchanged) q.add(Map.entry("listUnchanged", "true"));
        return ControlPlane.query(q);
    }

    /** The plan of the document (openapi.yaml's Plan), as the control plane answers it; a refused document throws. */
    JsonNode plan(Context ctx) {
        String body = body(ctx);
        ControlPlane api = ctx.controlPlane();
        Response r = api.send(Request.withBody("POST", PLAN + query(), "application/json", body));
        if (r.status() == 404 || r.status() == 405) {
            throw ApiError.of(
                    r,
                    api.where(),
                    "this control plane has no plan endpoint (POST " + PLAN + "): upgrade it to a release with"
                            + " declarative configuration");
        }
        return api.json(api.expectOk(r, null));
    }
}
