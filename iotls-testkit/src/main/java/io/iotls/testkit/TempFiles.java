package io.iotls.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Temp files and folders that do not outlive the JVM that made them. Test PKIs hold private keys and peers write
 * logs: left in /tmp, a few thousand test runs fill the disk. Peers delete theirs when closed; the rest go when the
 * JVM exits (Ctrl-C included), after the peers still running have ended: they may write into their folders until then.
 */
public final class TempFiles {
    private static final Set<Path> AT_EXIT = ConcurrentHashMap.newKeySet();
    /** Peer processes still running (see {@link PeerProcess}): stopped at exit before their files are deleted. */
    static final Set<Process> RUNNING_PEERS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::atExit, "iotls-test-cleanup"));
    }

    private static void atExit() {
        RUNNING_PEERS.forEach(Process::destroy);
        for (Process p : RUNNING_PEERS) {
            try {
                p.waitFor(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                break;
            }
        }
        AT_EXIT.forEach(TempFiles::deleteQuietly);
    }

    private TempFiles() {}

    /** A new folder in the system temp directory, deleted with all it holds when the JVM exits. */
    public static Path directory(String prefix) {
        try {
            return deletedAtExit(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new empty file in the system temp directory, deleted when the JVM exits. */
    public static Path file(String prefix, String suffix) {
        try {
            return deletedAtExit(Files.createTempFile(prefix, suffix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes {@code path} now, and everything under it if it is a folder. A path that is already gone is fine. One
     * deletion at a time: a test's own cleanup and the one at exit may otherwise walk the same folder together.
     */
    public static synchronized void deleteTree(Path path) throws IOException {
        AT_EXIT.remove(path);
        List<Path> all;
        try (Stream<Path> walk = Files.walk(path)) {
            all = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (NoSuchFileException gone) {
            return;
        }
        for (Path p : all) Files.deleteIfExists(p);
    }

    /** {@link #deleteTree} for cleanup paths that must not mask the exception that brought them there. */
    public static void deleteQuietly(Path path) {
        try {
            deleteTree(path);
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: a file another process still writes may reappear; the next cleanup takes it
        }
    }

    private static Path deletedAtExit(Path path) {
        AT_EXIT.add(path);
        return path;
    }
}
