package io.iotls.transport.internal;

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
 * One selector thread for every connection that reads on it: a readable socket is read, decrypted and handed to its
 * receiver right here, with no thread woken per connection (a virtual reader thread costs a poller hand-off and a
 * scheduler hop for every read). It also tells writers waiting for a full socket when it has room again.
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

    private static volatile IoLoop shared;

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Decrypted data on its way to a receiver; one for all connections, as only the loop thread uses it. */
    private final byte[] scratch = new byte[16 * 1024];

    private IoLoop() throws IOException {
        this.selector = Selector.open();
        this.thread = Thread.ofPlatform().daemon().name("iotls-io").unstarted(this::run);
        thread.start();
    }

    /** The loop shared by every connection of this JVM; started on first use. */
    static IoLoop shared() throws IOException {
        IoLoop loop = shared;
        if (loop != null) return loop;
        synchronized (IoLoop.class) {
            if (shared == null) shared = new IoLoop();
            return shared;
        }
    }

    /** Only for the loop thread. */
    byte[] scratch() {
        return scratch;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
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
                selector.select();
                Runnable task;
                while ((task = tasks.poll()) != null) runTask(task);
                var selected = selector.selectedKeys();
                for (var it = selected.iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    dispatch(key);
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("iotls I/O loop: {}", e.toString(), e);
            }
        }
    }

    private static void runTask(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) { // one connection's task must not cost the others theirs
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
        } catch (RuntimeException e) {
            LOG.error("iotls I/O loop: a connection's handler failed: {}", e.toString(), e);
            key.cancel();
            handler.failed(new IOException("internal error in the I/O loop: " + e, e));
        }
    }
}
