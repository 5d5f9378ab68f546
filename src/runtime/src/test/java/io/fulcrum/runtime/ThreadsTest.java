package io.fulcrum.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadsTest {
    @Test
    void aThreadIsNamedAfterItsOwnerAndAPoolsThreadsAreNumbered() throws Exception {
        Thread one = Threads.start("owner-job", () -> {});
        one.join(5_000);
        assertThat(one.getName()).isEqualTo("owner-job");
        assertThat(one.isDaemon()).isTrue();

        ExecutorService pool = Threads.pool("owner-pool", 2);
        List<String> names = new CopyOnWriteArrayList<>();
        CountDownLatch both = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            pool.execute(() -> {
                names.add(Thread.currentThread().getName());
                both.countDown();
                try {
                    both.await(5, TimeUnit.SECONDS); // both threads busy at once: two threads
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertThat(both.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(Threads.shutdown(pool, 1_000)).isTrue();
        assertThat(names).containsExactlyInAnyOrder("owner-pool-1", "owner-pool-2");
    }
}
