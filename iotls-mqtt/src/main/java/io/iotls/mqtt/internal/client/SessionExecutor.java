package io.iotls.mqtt.internal.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of a client's session state. Events come in as tasks (a packet read, a connection lost, a timer that
 * fired, a file the store wrote, a call of the application) and run one at a time, in the order they came, each to its
 * end; what a task decides (complete a future, deliver a message) comes out as its result and is done by the caller
 * afterwards, outside. The state the tasks touch needs no lock of its own, and no two threads ever change it at once.
 *
 * <p>There is no thread of its own: a task runs on the thread that finds the executor idle, which then also runs what
 * others queued meanwhile, until the queue is empty (so an uncontended call costs no thread hand-off, as on an event
 * loop that is already awake). A task posted from inside a task runs after it; a {@link #call} from inside a task runs
 * at once, as part of it.
 *
 * <p>Threads that must never wait (the shared timer, the message store's thread) {@link #postFromTimer} or
 * {@link #post}: they never wait for a task of another thread. A caller that needs the decision {@link #call}s and
 * waits for its own task only; {@link #submit} with {@link #await(CompletableFuture, Duration)} bounds the wait.
 */
final class SessionExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(SessionExecutor.class);

    /** A step of the session: may write to the network, hence the IOException. */
    @FunctionalInterface
    interface Task<T> {
        T run() throws IOException;
    }

    /** A step of the session that answers nobody. */
    @FunctionalInterface
    interface Event {
        void run() throws IOException;
    }

    /** A step of the session that answers nobody; it returns what to do outside (complete a future), or null. */
    @FunctionalInterface
    interface Deciding {
        Runnable run() throws IOException;
    }

    /** A queued task; returns what to do once the executor is let go of, or null. */
    @FunctionalInterface
    private interface Step {
        Runnable run();
    }

    private final String name;
    private final ConcurrentLinkedQueue<Step> queue = new ConcurrentLinkedQueue<>();
    /** The thread running tasks now, or null while idle. */
    private final AtomicReference<Thread> runner = new AtomicReference<>();
    /** Decisions made by the running tasks, done once the runner lets go; the runner's alone. */
    private final java.util.ArrayList<Runnable> decisions = new java.util.ArrayList<>();

    SessionExecutor(String name) {
        this.name = name;
    }

    /** True on the thread running this executor's tasks now. */
    boolean inTask() {
        return runner.get() == Thread.currentThread();
    }

    /**
     * Runs {@code task} in turn and returns its result; waits for it as long as it takes (for the tasks queued before
     * it, one of which may be writing to a slow network, until the connection's give-up timer ends that write), and
     * as a lock would, through interrupts. Inside a task it runs at once.
     */
    <T> T call(Task<T> task) throws IOException {
        if (inTask()) return task.run();
        if (queue.isEmpty() && runner.compareAndSet(null, Thread.currentThread())) {
            try {
                return task.run();
            } finally {
                runOutside(release());
                runQueued();
            }
        }
        return await(enqueue(task));
    }

    /**
     * Queues {@code task} (runs it, if the executor is idle) for a caller that waits with {@link #await} and may give
     * up waiting for a while ({@link #await(CompletableFuture, Duration)}) to end what holds it up; the task stays
     * queued. Not from inside a task.
     */
    <T> CompletableFuture<T> submit(Task<T> task) {
        if (inTask()) throw new IllegalStateException("submit() inside a session task would wait for itself");
        return enqueue(task);
    }

    /** Waits for a task {@link #submit}ted earlier, through interrupts. */
    <T> T await(CompletableFuture<T> submitted) throws IOException {
        try {
            return submitted.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw rethrown(e.getCause());
        }
    }

    /** Waits at most {@code timeout} for a task {@link #submit}ted earlier. */
    <T> T await(CompletableFuture<T> submitted, Duration timeout) throws IOException, TimeoutException {
        try {
            return submitted.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the client's session");
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        }
    }

    private static IOException rethrown(Throwable cause) {
        if (cause instanceof IOException io) return io;
        if (cause instanceof RuntimeException r) throw r;
        if (cause instanceof Error err) throw err;
        throw new IllegalStateException(cause);
    }

    /**
     * Does {@code decision} outside the session: at once on a thread that runs no task; from inside a task, once the
     * thread running it lets the executor go (so a future's callbacks never run as part of the session, even when a
     * task completes it).
     */
    void outside(Runnable decision) {
        if (inTask()) decisions.add(decision);
        else runOutside(decision);
    }

    /** Queues {@code event}; runs it (and what is queued) on this thread if the executor is idle. */
    void post(Event event) {
        postDeciding(() -> {
            event.run();
            return null;
        });
    }

    /**
     * Queues {@code event}; runs it (and what is queued) on this thread if the executor is idle. What it decides is done
     * by the thread that ran it, after letting the executor go: a future's callbacks never run as part of the session.
     */
    void postDeciding(Deciding event) {
        queue.add(() -> runLogged(event));
        runQueued();
    }

    /**
     * Queues {@code event} from a thread that must not run session work (the shared timer thread: a task may write to a
     * slow network): if the executor is idle, a virtual thread of its own runs it.
     */
    void postFromTimer(Deciding event) {
        queue.add(() -> runLogged(event));
        if (runner.get() == null) Thread.ofVirtual().name(name).start(this::runQueued);
    }

    private <T> CompletableFuture<T> enqueue(Task<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        queue.add(() -> {
            try {
                result.complete(task.run()); // the caller waits on get(): no callbacks run here
            } catch (IOException | RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
            return null;
        });
        runQueued();
        return result;
    }

    /**
     * Runs queued tasks while the executor is idle. Another thread that queued a task after this one's last look finds
     * the executor busy and leaves it; the look after letting go sees its task, so none is left behind.
     */
    private void runQueued() {
        while (!queue.isEmpty() && runner.compareAndSet(null, Thread.currentThread())) {
            Runnable outside = null;
            List<Runnable> due;
            try {
                Step next;
                while (outside == null && (next = queue.poll()) != null) outside = next.run();
            } finally {
                due = release();
            }
            runOutside(due);
            if (outside != null) runOutside(outside);
        }
    }

    private void runOutside(List<Runnable> due) {
        for (Runnable d : due) runOutside(d);
    }

    private void runOutside(Runnable decision) {
        try {
            decision.run();
        } catch (RuntimeException e) {
            LOG.warn("{}: completing a session decision threw {}", name, e.toString());
        }
    }

    /** Lets the executor go; returns the decisions its tasks left to do outside. */
    private List<Runnable> release() {
        List<Runnable> due = decisions.isEmpty() ? List.of() : List.copyOf(decisions);
        decisions.clear();
        runner.set(null);
        return due;
    }

    private Runnable runLogged(Deciding event) {
        try {
            return event.run();
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: a session task threw {}", name, e.toString());
            return null;
        }
    }
}
