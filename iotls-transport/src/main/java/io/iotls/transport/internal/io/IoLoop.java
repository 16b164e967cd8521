package io.iotls.transport.internal.io;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A selector thread shared by many connections: a readable socket is read, decrypted and handed to its receiver right
 * here, with no thread woken per connection (a virtual reader thread costs a poller hand-off and a scheduler hop for
 * every read). It also sends what writers could not write at once. The JVM has {@link #COUNT} of them (one per two
 * cores, at least one; {@code -Diotls.ioThreads=N} to choose), and connections are spread over them in turn.
 */
final class IoLoop {
    private static final Logger LOG = LoggerFactory.getLogger(IoLoop.class);

    /** What a registered channel does when it is ready. All three run on the loop thread and must not block. */
    interface Handler {
        void readable();

        void writable();

        /** The loop could not serve the channel (it failed to register, or the selector broke). */
        void failed(IOException cause);
    }

    /** How many loops the JVM runs. */
    static final int COUNT = Integer.getInteger("iotls.ioThreads", Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    private static volatile IoLoop[] loops;
    private static final java.util.concurrent.atomic.AtomicInteger NEXT = new java.util.concurrent.atomic.AtomicInteger();

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Decrypted data on its way to a receiver; one for all connections, as only the loop thread uses it. */
    private final byte[] scratch = new byte[16 * 1024];

    private IoLoop(String name) throws IOException {
        this.selector = Selector.open();
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
        thread.start();
    }

    /** The loop for a new connection: the JVM's loops in turn, started on first use. */
    static IoLoop next() throws IOException {
        IoLoop[] all = loops;
        if (all == null) {
            synchronized (IoLoop.class) {
                if (loops == null) {
                    IoLoop[] started = new IoLoop[Math.max(1, COUNT)];
                    for (int i = 0; i < started.length; i++) started[i] = new IoLoop(started.length == 1 ? "iotls-io" : "iotls-io-" + (i + 1));
                    loops = started;
                }
                all = loops;
            }
        }
        return all[Math.floorMod(NEXT.getAndIncrement(), all.length)];
    }

    /** Only for the loop thread. */
    byte[] scratch() {
        return scratch;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** True on any of the JVM's loop threads. */
    static boolean isLoopThread() {
        IoLoop[] all = loops;
        if (all == null) return false;
        for (IoLoop loop : all) {
            if (loop.inLoop()) return true;
        }
        return false;
    }

    /** Registers a non-blocking channel for reads; the handler's key arrives through {@code registered}. */
    void register(SocketChannel channel, Handler handler, java.util.function.Consumer<SelectionKey> registered) {
        execute(() -> {
            if (!channel.isOpen()) return; // closed by its owner before the loop got to it: nothing to serve
            try {
                registered.accept(channel.register(selector, SelectionKey.OP_READ, handler));
            } catch (ClosedChannelException e) {
                handler.failed(e);
            }
        });
    }

    void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop()) selector.wakeup();
    }

    private void run() {
        while (true) {
            try {
                // a task the loop queued for itself (while handling a read, say) must not wait for an unrelated event;
                // one queued by another thread meanwhile wakes select() through execute()
                if (tasks.isEmpty()) selector.select();
                else selector.selectNow();
                Runnable task;
                while ((task = tasks.poll()) != null) runTask(task);
                var selected = selector.selectedKeys();
                for (var it = selected.iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    dispatch(key);
                }
            } catch (Throwable e) { // this thread must outlive anything: every connection on it depends on it
                LOG.error("iotls I/O loop: {}", e.toString(), e);
            }
        }
    }

    private static void runTask(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) { // one connection's task must not cost the others theirs
            LOG.error("iotls I/O loop: a task failed: {}", e.toString(), e);
        }
    }

    private static void dispatch(SelectionKey key) {
        Handler handler = (Handler) key.attachment();
        try {
            int ready = key.readyOps();
            if ((ready & SelectionKey.OP_WRITE) != 0) handler.writable();
            if ((ready & SelectionKey.OP_READ) != 0 && key.isValid()) handler.readable();
        } catch (CancelledKeyException e) {
            // closed meanwhile: its owner knows
        } catch (RuntimeException | Error e) { // that connection ends; the others go on
            LOG.error("iotls I/O loop: a connection's handler failed: {}", e.toString(), e);
            key.cancel();
            try {
                handler.failed(new IOException("internal error in the I/O loop: " + e, e));
            } catch (RuntimeException | Error again) {
                LOG.error("iotls I/O loop: reporting that failure failed too: {}", again.toString(), again);
            }
        }
    }
}
