package io.fulcrum.controlplane;

import static io.fulcrum.controlplane.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A replica frozen in the middle of a write (SIGSTOP, a paused VM) holds the one revision row every write
 * takes. Issue 18's chaos run froze replicas for 45 s; a write on the other replica could wait all that
 * time. PostgreSQL now ends a control-plane session idle inside a transaction after
 * {@code fulcrum.db.idle-in-transaction-timeout} (10 s), so the others wait at most that long.
 */
@QuarkusTest
class FrozenTransactionIT {
    @Inject
    AgroalDataSource pool;

    @BeforeEach
    void seed() {
        Api.deleteAll();
    }

    @Test
    void aWriteFrozenWhileHoldingTheRevisionHoldsOtherWritesOnlyUntilTheIdleTimeout() throws Exception {
        // One of this control plane's own pooled connections, frozen inside a write: the revision row locked
        // as a commit locks it, and then nothing more (the process stopped).
        long revision = Api.revision();
        Connection frozen = pool.getConnection();
        try {
            frozen.setAutoCommit(false);
            try (Statement st = frozen.createStatement()) {
                st.execute("SELECT value FROM revision WHERE id = 1 FOR UPDATE");
            }
            long before = System.nanoTime();
            CompletableFuture<Integer> write = CompletableFuture.supplyAsync(
                    () -> admin().body("{\"name\":\"lb9\",\"managementAddress\":\"10.9.0.9\"}")
                            .put("/api/v1/directors/lb9")
                            .statusCode());
            // A window that holds on a loaded machine: far past the 10 s timeout, far short of "never".
            assertThat(write.get(60, TimeUnit.SECONDS))
                    .as("the other write, once PostgreSQL ended the frozen session")
                    .isEqualTo(201);
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - before))
                    .as("it waited for the frozen write's lock, then for the timeout to end it")
                    .isGreaterThanOrEqualTo(9);
            // The frozen write, when its process thaws, finds its session ended: it committed nothing.
            assertThatThrownBy(() -> {
                        try (Statement st = frozen.createStatement()) {
                            st.execute("UPDATE revision SET value = value + 1000 WHERE id = 1");
                        }
                        frozen.commit();
                    })
                    .isInstanceOf(SQLException.class);
        } finally {
            try {
                frozen.rollback();
            } catch (SQLException e) { // the session is gone, as intended
            }
            frozen.close();
        }
        assertThat(admin().get("/api/v1/directors/lb9").statusCode()).isEqualTo(200);
        assertThat(Api.revision())
                .as("one write, and nothing from the frozen one")
                .isEqualTo(revision + 1);
    }
}
