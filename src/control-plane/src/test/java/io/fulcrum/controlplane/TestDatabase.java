package io.fulcrum.controlplane;

import io.quarkus.test.common.QuarkusTestResource;

/** Declares the embedded PostgreSQL once for every @QuarkusTest of this module. */
@QuarkusTestResource(EmbeddedPostgresResource.class)
public final class TestDatabase {
    private TestDatabase() {}
}
