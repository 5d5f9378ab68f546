package io.fulcrum.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.agent.fullnat.FullnatReconciler;
import io.fulcrum.agent.realserver.FakeSysctl;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.netlink.nftables.NftablesException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ipvs apply}'s FULLNAT part: only with --director, a refused rule makes the command fail. */
class ApplyFullnatTest {
    static final ConfigDocument DOC = DocumentCodec.decodeDocument(DocumentCodec.parse("""
            apiVersion: fulcrum/v1
            directors: [{name: lb1, managementAddress: 10.0.0.1, fullnatAddresses: [10.20.0.50]}]
            virtualServers:
              - name: web
                address: 192.168.10.100
                port: 80
                forwarding: fullnat
                directors: [lb1]
                realServers: [{name: a, address: 10.20.0.11}]
            """), false);

    final List<String> nft = new ArrayList<>();
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    FullnatReconciler refusing() {
        return new FullnatReconciler(
                json -> {
                    nft.add(json);
                    throw new NftablesException("nftables refused the command: Operation not supported");
                },
                new FakeSysctl().with(FullnatReconciler.CONNTRACK_SYSCTL, "1"));
    }

    @Test
    void withoutADirectorTheFullnatRulesInPlaceAreLeftAlone() {
        boolean converged = AgentMain.applyFullnat(
                DOC,
                null,
                () -> {
                    throw new AssertionError("no FULLNAT reconcile without --director");
                },
                out,
                out);

        assertThat(converged).isTrue();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void withADirectorARefusedRuleIsReportedAndFailsTheCommand() {
        boolean converged = AgentMain.applyFullnat(DOC, "lb1", this::refusing, out, out);

        assertThat(converged).isFalse();
        assertThat(nft).isNotEmpty();
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("fullnat: nftables refused the command: Operation not supported");
    }
}
