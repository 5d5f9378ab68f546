package io.fulcrum.controlplane;

import static io.fulcrum.controlplane.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Racing writers: exactly one wins, the others get 412 or 409, and no constraint is broken. */
@QuarkusTest
class ConcurrencyIT {
    @BeforeEach
    void seed() {
        Api.deleteAll();
        ResourceCrudIT.seed();
    }

    private static List<Integer> race(int n, IntFunction<Integer> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int id = i;
                results.add(pool.submit((Callable<Integer>) () -> {
                    start.await();
                    return request.apply(id);
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) statuses.add(f.get());
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoWritersWithTheSameETagOneWinsTheOtherGets412() throws Exception {
        String etag = admin().get("/api/v1/directors/lb1").header("ETag");
        List<Integer> statuses = race(
                2,
                i -> admin().header("If-Match", etag)
                        .body("{\"name\":\"lb1\",\"managementAddress\":\"10.9.0." + i + "\"}")
                        .put("/api/v1/directors/lb1")
                        .statusCode());
        assertThat(statuses).containsExactlyInAnyOrder(200, 412);
        assertThat(admin().get("/api/v1/directors/lb1").header("ETag"))
                .isEqualTo("\"" + (Integer.parseInt(etag.replace("\"", "")) + 1) + "\"");
    }

    @Test
    void racingCreatesOfTheSameServiceLeaveExactlyOne() throws Exception {
        List<Integer> statuses = race(
                8,
                i -> admin().body("{\"name\":\"dup" + i + "\",\"address\":\"192.168.20.1\",\"port\":443}")
                        .post("/api/v1/virtual-servers")
                        .statusCode());
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(7);
        assertThat(admin().get("/api/v1/virtual-servers").jsonPath().<String>getList("items.address"))
                .containsOnlyOnce("192.168.20.1");
    }

    @Test
    void racingGroupsWithOneVridOnASharedDirectorLeaveExactlyOne() throws Exception {
        List<Integer> statuses = race(
                6,
                i -> admin().body("{\"name\":\"g" + i + "\",\"vrid\":77,\"interface\":\"eth1\","
                                + "\"virtualAddresses\":[{\"address\":\"10.77.0." + (i + 1)
                                + "/32\"}],\"members\":[{\"director\":\"lb2\",\"priority\":100}]}")
                        .post("/api/v1/vrrp-groups")
                        .statusCode());
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(5);
    }

    @Test
    void racingCreatesOfOneNameLeaveExactlyOne() throws Exception {
        List<Integer> statuses = race(
                6,
                i -> admin().body("{\"name\":\"same\",\"managementAddress\":\"10.8.0." + i + "\"}")
                        .post("/api/v1/directors")
                        .statusCode());
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 412 || s == 409).hasSize(5);
    }

    /**
     * Concurrent writes share transactions (group commit): the ones refused — a duplicate address, a
     * real server of the wrong family, a precondition that fails — fail alone, every accepted one
     * commits with its own revision and audit record, and revisions stay contiguous.
     */
    @Test
    void concurrentWritesThatShareACommitFailOnlyThemselves() throws Exception {
        long r0 = Api.revision();
        int n = 48;
        List<Integer> statuses = race(n, i -> switch (i % 4) {
            case 0, 1 ->
                admin().body("{\"name\":\"ok" + i + "\",\"address\":\"192.168.30." + i + "\"}")
                        .post("/api/v1/virtual-servers/web/real-servers")
                        .statusCode();
            case 2 ->
                admin().body("{\"name\":\"dup" + i + "\",\"address\":\"192.168.10.11\"}") // rs1's address and port
                        .post("/api/v1/virtual-servers/web/real-servers")
                        .statusCode();
            default ->
                admin().body("{\"name\":\"v6-" + i + "\",\"address\":\"2001:db8::" + i + "\"}") // not the family of web
                        .post("/api/v1/virtual-servers/web/real-servers")
                        .statusCode();
        });
        for (int i = 0; i < n; i++) {
            assertThat(statuses.get(i))
                    .as("request %d", i)
                    .isEqualTo(
                            switch (i % 4) {
                                case 0, 1 -> 201;
                                case 2 -> 409;
                                default -> 400;
                            });
        }
        long accepted = statuses.stream().filter(s -> s == 201).count();
        assertThat(Api.revision()).isEqualTo(r0 + accepted);
        List<Integer> revisions =
                admin().get("/api/v1/audit?limit=" + accepted).jsonPath().getList("items.revision");
        assertThat(revisions)
                .hasSize((int) accepted)
                .doesNotHaveDuplicates()
                .allMatch(r -> r > r0 && r <= r0 + accepted);
        assertThat(admin().get("/api/v1/virtual-servers/web/real-servers?limit=1000")
                        .jsonPath()
                        .<String>getList("items.name"))
                .hasSize(2 + (int) accepted)
                .noneMatch(name -> name.startsWith("dup") || name.startsWith("v6-"));
    }

    /**
     * Real-server creates that share a commit are written by one statement: of racing creates of one
     * name, or of one address and port, exactly one is written; the others are refused as a lone
     * create would be, and revisions stay contiguous.
     */
    @Test
    void racingRealServerCreatesOfOneNameOrOneEndpointLeaveExactlyOne() throws Exception {
        admin().body("{\"name\":\"warm\",\"address\":\"192.168.40.1\"}")
                .post("/api/v1/virtual-servers/web/real-servers")
                .then()
                .statusCode(201);
        long r0 = Api.revision();
        List<Integer> sameName = race(
                8,
                i -> admin().body("{\"name\":\"same\",\"address\":\"192.168.41." + i + "\"}")
                        .post("/api/v1/virtual-servers/web/real-servers")
                        .statusCode());
        assertThat(sameName).filteredOn(s -> s == 201).hasSize(1);
        assertThat(sameName).filteredOn(s -> s == 412 || s == 409).hasSize(7);
        List<Integer> sameEndpoint = race(
                8,
                i -> admin().body("{\"name\":\"ep" + i + "\",\"address\":\"192.168.42.1\"}")
                        .post("/api/v1/virtual-servers/web/real-servers")
                        .statusCode());
        assertThat(sameEndpoint).filteredOn(s -> s == 201).hasSize(1);
        assertThat(sameEndpoint).filteredOn(s -> s == 409).hasSize(7);
        assertThat(Api.revision()).isEqualTo(r0 + 2);
        assertThat(admin().get("/api/v1/virtual-servers/web/real-servers?limit=1000")
                        .jsonPath()
                        .<String>getList("items.address"))
                .containsOnlyOnce("192.168.42.1")
                .filteredOn(a -> a.startsWith("192.168.41."))
                .hasSize(1);
    }

    @Test
    void aFailedPreconditionInASharedCommitLeavesTheOtherWritesCommitted() throws Exception {
        String etag =
                admin().get("/api/v1/virtual-servers/web/real-servers/rs1").header("ETag");
        long r0 = Api.revision();
        List<Integer> statuses = race(
                10,
                i -> i < 5
                        ? admin().header("If-Match", etag)
                                .body("{\"name\":\"rs1\",\"address\":\"192.168.10.11\",\"weight\":" + (10 + i) + "}")
                                .put("/api/v1/virtual-servers/web/real-servers/rs1")
                                .statusCode()
                        : admin().body("{\"name\":\"d" + i + "\",\"managementAddress\":\"10.7.0." + i + "\"}")
                                .post("/api/v1/directors")
                                .statusCode());
        assertThat(statuses.subList(0, 5))
                .containsOnlyOnce(200)
                .filteredOn(s -> s != 200)
                .containsOnly(412);
        assertThat(statuses.subList(5, 10)).containsOnly(201);
        assertThat(Api.revision()).isEqualTo(r0 + 6);
    }
}
