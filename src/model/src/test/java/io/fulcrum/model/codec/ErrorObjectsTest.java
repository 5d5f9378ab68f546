package io.fulcrum.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.fulcrum.model.FieldError;
import io.fulcrum.model.ResourceRef;
import io.fulcrum.model.ValidationException;
import org.junit.jupiter.api.Test;

/** Every error in a resource names that resource and the pointer within it, besides its place in the input. */
class ErrorObjectsTest {
    static ValidationException refused(String yaml) {
        return catchThrowableOfType(
                ValidationException.class, () -> DocumentCodec.decodeDocument(DocumentCodec.parse(yaml), true));
    }

    @Test
    void aFieldsErrorNamesItsResourceARealServersWithinItsVirtualServer() {
        ValidationException e = refused("""
                apiVersion: fulcrum/v1
                directors:
                  - {name: lb1, managementAddress: nope}
                virtualServers:
                  - name: web
                    address: 10.0.0.100
                    port: 80
                    scheduler: nope
                    directors: [lb1]
                    realServers:
                      - {name: a, address: 10.0.1.1}
                      - {name: b, address: 10.0.1.2, weight: 70000}
                """);
        assertThat(e.errors())
                .extracting(FieldError::field, FieldError::object, FieldError::pointer)
                .containsExactlyInAnyOrder(
                        tuple("/directors/0/managementAddress", ResourceRef.director("lb1"), "/managementAddress"),
                        tuple("/virtualServers/0/scheduler", ResourceRef.virtualServer("web"), "/scheduler"),
                        tuple("/virtualServers/0/realServers/1/weight", ResourceRef.realServer("web", "b"), "/weight"));
    }

    @Test
    void theChecksWithinAndAcrossResourcesNameTheResourceTheyBlame() {
        ValidationException e = refused("""
                apiVersion: fulcrum/v1
                directors:
                  - {name: lb1, managementAddress: 10.0.0.1}
                vrrpGroups:
                  - name: VI_1
                    vrid: 51
                    interface: eth0
                    virtualAddresses: [{address: 10.0.0.100}]
                    members: [{director: lb1, priority: 150}, {director: lb9, priority: 100}]
                virtualServers:
                  - name: web
                    address: 10.0.0.100
                    port: 80
                    directors: [lb1, lb8]
                    realServers:
                      - {name: a, address: 10.0.1.1}
                      - {name: b, address: 10.0.1.1, healthCheck: {type: tcp, http: {}}}
                """);
        assertThat(e.errors())
                .extracting(FieldError::field, FieldError::object, FieldError::pointer)
                .containsExactlyInAnyOrder(
                        tuple(
                                "/virtualServers/0/realServers/1/healthCheck/http",
                                ResourceRef.realServer("web", "b"),
                                "/healthCheck/http"),
                        tuple(
                                "/virtualServers/0/realServers/1/address",
                                ResourceRef.realServer("web", "b"),
                                "/address"));

        ValidationException across = refused("""
                apiVersion: fulcrum/v1
                directors:
                  - {name: lb1, managementAddress: 10.0.0.1}
                vrrpGroups:
                  - name: VI_1
                    vrid: 51
                    interface: eth0
                    virtualAddresses: [{address: 10.0.0.100}]
                    members: [{director: lb1, priority: 150}, {director: lb9, priority: 100}]
                virtualServers:
                  - {name: web, address: 10.0.0.100, port: 80, directors: [lb1, lb8]}
                """);
        assertThat(across.errors())
                .extracting(FieldError::field, FieldError::object, FieldError::pointer)
                .containsExactlyInAnyOrder(
                        tuple("/vrrpGroups/0/members/1/director", ResourceRef.vrrpGroup("VI_1"), "/members/1/director"),
                        tuple("/virtualServers/0/directors/1", ResourceRef.virtualServer("web"), "/directors/1"));
    }

    @Test
    void anErrorOutsideAnyResourceNamesNone() {
        ValidationException e = refused("apiVersion: fulcrum/v9\n");
        assertThat(e.errors())
                .singleElement()
                .satisfies(f -> assertThat(f.object()).isNull())
                .satisfies(f -> assertThat(f.pointer()).isNull());
    }

    @Test
    void errorsAreEqualByFieldAndMessageWhereverTheyAreSaidToBe() {
        assertThat(FieldError.on(ResourceRef.virtualServer("web"), "/virtualServers/0", "/port", "bad"))
                .isEqualTo(new FieldError("/virtualServers/0/port", "bad"));
    }
}
