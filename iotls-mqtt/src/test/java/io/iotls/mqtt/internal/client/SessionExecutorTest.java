package io.iotls.mqtt.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The single owner of a client's session: one task at a time, in order, none left behind, decisions done outside. */
class SessionExecutorTest {
    private static final long WAIT_SECONDS = 20;
    private final SessionExecutor session = new SessionExecutor("test-session");

    @Test
    void anUncontendedCallRunsOnTheCallersThreadAndReturnsItsResult() throws IOException {
        Thread caller = Thread.currentThread();
        assertThat(session.call(() -> Thread.currentThread() == caller)).as("ran on the caller's thread").isTrue();
        assertThatThrownBy(() -> session.call(() -> {
            throw new IOException("the write failed");
        })).as("the task's exception reaches the caller").isInstanceOf(IOException.class).hasMessage("the write failed");
    }

    @Test
    void tasksFromManyThreadsRunOneAtATimeAndNoneIsLeftBehind() throws Exception {
        int threads = 8;
        int perThread = 20_000;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        int[] counter = {0}; // no lock, no volatile: the executor is its only owner
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            boolean posts = t % 2 == 0; // half call and wait, half post and go on
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        SessionExecutor.Task<Void> step = () -> {
                            if (running.incrementAndGet() != 1) overlaps.incrementAndGet();
                            counter[0]++;
                            running.decrementAndGet();
                            return null;
                        };
                        if (posts) session.post(step::run);
                        else session.call(step);
                    }
                } catch (InterruptedException | IOException e) {
                    throw new AssertionError(e);
                }
            }));
        }
        start.countDown();
        for (Thread w : workers) assertThat(w.join(Duration.ofSeconds(WAIT_SECONDS))).as("worker finished").isTrue();
        // everything posted so far has run once this call returns: it queues behind them
        int total = session.call(() -> counter[0]);
        assertThat(overlaps).as("tasks that ran while another was running").hasValue(0);
        assertThat(total).as("tasks run").isEqualTo(threads * perThread);
    }

    @Test
    void tasksRunInTheOrderTheyCame() throws Exception {
        List<Integer> order = new ArrayList<>();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> session.post(() -> {
            holding.countDown();
            await(release, "the test to let the first task go");
        }));
        assertThat(holding.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("first task running").isTrue();
        for (int i = 0; i < 100; i++) {
            int n = i;
            session.post(() -> order.add(n)); // queued behind the running task: this thread goes on
        }
        assertThat(order).as("nothing ran while the first task ran").isEmpty();
        release.countDown();
        assertThat(holder.join(Duration.ofSeconds(WAIT_SECONDS))).as("the holder ran the queue and let go").isTrue();
        assertThat(session.call(() -> List.copyOf(order))).as("in the order posted").hasSize(100).isSorted();
    }

    @Test
    void aCallInsideATaskRunsAtOnceAsPartOfIt() throws IOException {
        List<String> steps = new ArrayList<>();
        session.call(() -> {
            steps.add("outer");
            session.call(() -> steps.add("inner"));
            session.post(() -> steps.add("posted"));
            steps.add("outer end");
            return null;
        });
        assertThat(steps).containsExactly("outer", "inner", "outer end", "posted");
    }

    @Test
    void aDecisionRunsOutsideTheSessionSoItMayWaitForAnotherTask() throws Exception {
        // a callback chained to a future the session completes may call the client and wait: the session is free then
        CompletableFuture<String> other = new CompletableFuture<>();
        CountDownLatch decided = new CountDownLatch(1);
        Thread thread = Thread.ofPlatform().start(() -> session.postDeciding(() -> () -> {
            try {
                other.complete(CompletableFuture.supplyAsync(() -> {
                    try {
                        return session.call(() -> "another thread's task ran");
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }).get(WAIT_SECONDS, TimeUnit.SECONDS));
            } catch (Exception e) {
                other.completeExceptionally(e);
            }
            decided.countDown();
        }));
        assertThat(decided.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the decision finished").isTrue();
        assertThat(other.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("another thread's task ran");
        assertThat(thread.join(Duration.ofSeconds(WAIT_SECONDS))).isTrue();
    }

    @Test
    void aDecisionMadeInsideATaskIsDoneAfterItOutsideTheSession() throws IOException {
        List<String> steps = new ArrayList<>();
        AtomicReference<Boolean> insideWhenDone = new AtomicReference<>();
        session.call(() -> {
            session.outside(() -> {
                insideWhenDone.set(session.inTask());
                steps.add("decision");
            });
            steps.add("task end");
            return null;
        });
        assertThat(steps).containsExactly("task end", "decision");
        assertThat(insideWhenDone.get()).as("the decision ran with the session let go").isFalse();
    }

    @Test
    void aTimerNeverRunsSessionWorkOnItsOwnThread() throws Exception {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        session.postFromTimer(() -> {
            ranOn.set(Thread.currentThread());
            ran.countDown();
            return null;
        });
        assertThat(ran.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the timer's event ran").isTrue();
        assertThat(ranOn.get()).as("not the timer's thread").isNotSameAs(Thread.currentThread());
        assertThat(ranOn.get().isVirtual()).as("a virtual thread of its own").isTrue();
    }

    @Test
    void aWaitBehindAStuckTaskCanBeBoundedAndTheTaskStillRunsAfterwards() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        Thread writer = Thread.ofPlatform().start(() -> session.post(() -> {
            holding.countDown();
            await(stuck, "the test to end the stuck write");
        }));
        assertThat(holding.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> closing = session.submit(() -> "closed");
        assertThatThrownBy(() -> session.await(closing, Duration.ofMillis(50))).as("still behind the stuck task")
                .isInstanceOf(TimeoutException.class);
        stuck.countDown(); // what close() does: end the write under the stuck task
        assertThat(session.await(closing)).isEqualTo("closed");
        assertThat(writer.join(Duration.ofSeconds(WAIT_SECONDS))).isTrue();
    }

    private static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) throw new AssertionError("waited " + WAIT_SECONDS + " s for " + what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
