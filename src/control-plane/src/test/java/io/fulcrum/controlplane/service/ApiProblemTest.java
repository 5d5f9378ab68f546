package io.fulcrum.controlplane.service;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ApiProblemTest {
    private static PersistenceException failing(String sqlState) {
        return new PersistenceException("wrapped", new SQLException("from PostgreSQL", sqlState));
    }

    @Test
    void aDatabaseOutOfReachIsA503ToTryAgainNotA500() {
        // 08006 connection failure, 08001 cannot connect, 57P01 terminated by a shutdown, 57P03 starting up
        for (String state : new String[] {"08006", "08001", "57P01", "57P03", "53300"}) {
            ApiProblem p = ApiProblem.of(failing(state));
            assertThat(p.status).as(state).isEqualTo(503);
            assertThat(p.getMessage()).contains("the database is out of reach").contains("try again");
        }
        assertThat(ApiProblem.of(new IllegalStateException("outer", new SQLException("x", "08003"))).status)
                .as("however deep the SQLException")
                .isEqualTo(503);
    }

    @Test
    void constraintsStayConflictsAndOtherDatabaseFailuresStay500() {
        assertThat(ApiProblem.of(failing("23505")).status).isEqualTo(409);
        assertThat(ApiProblem.of(failing("40001")).status).isEqualTo(409);
        ApiProblem other = ApiProblem.of(failing("42P01"));
        assertThat(other.status).isEqualTo(500);
        assertThat(other.getMessage()).doesNotContain("from PostgreSQL");
    }
}
