package io.fulcrum.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.model.codec.DocumentCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** forwarding fullnat and a director's fullnatAddresses: what is accepted, and each refusal at its field. */
class FullnatValidationTest {

    private static ConfigDocument decode(String yaml) {
        return DocumentCodec.decodeDocument(DocumentCodec.parse(yaml), false);
    }

    private static List<FieldError> errors(String yaml) {
        return Fixtures.errorsOf(() -> decode(yaml));
    }

    @Test
    void aFullnatVirtualServerAndADirectorsAddressesRoundTrip() {
        ConfigDocument doc = decode("""
                apiVersion: fulcrum/v1
                directors: [{name: lb1, managementAddress: 10.0.0.1, fullnatAddresses: [10.0.1.50, "2001:db8::50"]}]
                virtualServers:
                  - {name: web, address: 10.0.0.100, port: 80, forwarding: fullnat, directors: [lb1],
                     realServers: [{name: a, address: 10.0.1.11, forwarding: fullnat}],
                     sorryServer: {address: 10.0.1.99, forwarding: fullnat}}
                """);
        assertThat(doc.directors().get(0).fullnatAddresses())
                .extracting(Addresses::format)
                .containsExactly("10.0.1.50", "2001:db8::50");
        assertThat(doc.virtualServers().get(0).forwarding()).isEqualTo(Enums.Forwarding.FULLNAT);
        var again = DocumentCodec.decodeDocument(DocumentCodec.encode(doc), false);
        assertThat(again).isEqualTo(doc);
    }

    @Test
    void aDirectorsAddressesMustBeAddressesEachOnce() {
        assertThat(errors("""
                        apiVersion: fulcrum/v1
                        directors: [{name: lb1, managementAddress: 10.0.0.1, fullnatAddresses: [10.0.1.50, nope, 10.0.1.50]}]
                        """))
                .containsExactly(
                        new FieldError("/directors/0/fullnatAddresses/1", "is not an IPv4 or IPv6 address"),
                        new FieldError("/directors/0/fullnatAddresses/2", "is listed twice"));
    }

    @Test
    void fullnatAppliesToAWholeVirtualServerAndNotToFwmarks() {
        assertThat(errors("""
                        apiVersion: fulcrum/v1
                        virtualServers:
                          - {name: web, address: 10.0.0.100, port: 80, forwarding: fullnat,
                             realServers: [{name: a, address: 10.0.1.11, forwarding: dr}],
                             sorryServer: {address: 10.0.1.99, forwarding: nat}}
                          - {name: mixed, address: 10.0.0.101, port: 80,
                             realServers: [{name: a, address: 10.0.1.11, forwarding: fullnat}]}
                          - {name: marked, fwmark: 7, forwarding: fullnat, realServers: [{name: a, address: 10.0.1.11}]}
                        """))
                .containsExactlyInAnyOrder(
                        new FieldError(
                                "/virtualServers/0/realServers/0/forwarding",
                                "a fullnat virtual server forwards to every real server with fullnat"),
                        new FieldError(
                                "/virtualServers/0/sorryServer/forwarding",
                                "a fullnat virtual server forwards to its sorry server with fullnat"),
                        new FieldError(
                                "/virtualServers/1/realServers/0/forwarding",
                                "fullnat applies to a whole virtual server: set it on the virtual server"),
                        new FieldError(
                                "/virtualServers/2/forwarding", "fullnat is not supported for a fwmark service"));
    }
}
