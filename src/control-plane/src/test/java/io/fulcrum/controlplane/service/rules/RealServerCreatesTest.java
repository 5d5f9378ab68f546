package io.fulcrum.controlplane.service.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.model.RealServer;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.codec.DocumentCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

class RealServerCreatesTest {
    static final VirtualServer WEB =
            DocumentCodec.decodeVirtualServer(DocumentCodec.parse("{name: web, address: 192.168.10.100, port: 80}"));
    static final ParentCache.Known KNOWN = new ParentCache.Known(7, 3, WEB);

    static RealServer real(String yaml) {
        return DocumentCodec.decodeRealServer(DocumentCodec.parse(yaml));
    }

    static RealServerCreates.Create create(String yaml) {
        return RealServerCreates.Create.of(KNOWN, "web", real(yaml), "ops");
    }

    @Test
    void aCreateCarriesItsVirtualServerAsLastReadItsColumnsAndItsSpec() {
        RealServerCreates.Create c = create("{name: a, address: 10.1.0.1, weight: 3}");
        assertThat(c.parentId()).isEqualTo(7);
        assertThat(c.parentVersion()).isEqualTo(3);
        assertThat(c.family()).isEqualTo((short) 4);
        assertThat(c.address()).isEqualTo("10.1.0.1");
        assertThat(c.port()).isEqualTo(80); // the virtual server's, when the real server names none
        assertThat(c.spec()).isEqualTo(DocumentCodec.encode(c.value()).toString());
        assertThat(c.resource()).isEqualTo("web/a");
        assertThat(c.actor()).isEqualTo("ops");
        assertThat(c.at().getNano() % 1000)
                .as("microseconds, as PostgreSQL keeps them")
                .isZero();
    }

    @Test
    void noCreateWithoutAKnownVirtualServerOrWhenItIsInvalidThere() {
        assertThat(RealServerCreates.Create.of(null, "web", real("{name: a, address: 10.1.0.1}"), "ops"))
                .isNull();
        assertThat(create("{name: a, address: '2001:db8::1'}"))
                .as("not the family of web")
                .isNull();
    }

    @Test
    void aCreateWhoseNameOrEndpointAnEarlierOneTakesIsLeftOutWithoutClaimingItsOwn() {
        List<RealServerCreates.Create> creates = List.of(
                create("{name: a, address: 10.1.0.1}"),
                create("{name: a, address: 10.1.0.2}"), // a's name
                create("{name: b, address: 10.1.0.1}"), // a's address and port
                create("{name: c, address: 10.1.0.1, port: 81}"), // another port
                create("{name: d, address: 10.1.0.2}")); // the second one's address: it was left out, so it is free
        assertThat(RealServerCreates.firstOfTheirKind(creates)).containsExactly(true, false, false, true, true);
    }

    @Test
    void theSameNameUnderAnotherVirtualServerIsNoConflict() {
        RealServerCreates.Create other = RealServerCreates.Create.of(
                new ParentCache.Known(8, 1, WEB), "web2", real("{name: a, address: 10.1.0.1}"), "ops");
        assertThat(RealServerCreates.firstOfTheirKind(List.of(create("{name: a, address: 10.1.0.1}"), other)))
                .containsExactly(true, true);
    }
}
