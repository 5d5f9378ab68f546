package io.fulcrum.cli.command;

import io.fulcrum.cli.Context;
import io.fulcrum.cli.http.ControlPlane;
import io.fulcrum.cli.http.Request;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "export-keepalived",
        mixinStandardHelpOptions = true,
        description = {
            "Print a director's part of the configuration as keepalived.conf: the way back to keepalived.",
            "",
            "VRRP passwords are write-only: the authentication block is left, as a comment, for you to write. What keepalived cannot say is"
                    + " written as '!' comments.",
            "",
            "  fulcrum ctl export-keepalived lb1 > /etc/keepalived/keepalived.conf",
        })
public final class ExportKeepalived extends ApiCommand {
    @Parameters(paramLabel = "DIRECTOR", description = "the director's name")
    String director;

    public ExportKeepalived(Context ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        ControlPlane api = api();
        String path = "/api/v1/directors/" + ControlPlane.segment(director) + "/keepalived.conf";
        print(api.expectOk(api.send(Request.get(path).header("Accept", "text/plain")), null)
                .text());
        return OK;
    }
}
