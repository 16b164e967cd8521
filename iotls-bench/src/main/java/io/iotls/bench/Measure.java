package io.iotls.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** CPU time of this JVM and of another process (the broker), for "CPU per message". */
final class Measure {
    private Measure() {}

    static long jvmCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() : 0;
    }

    /** utime + stime of a process from /proc, in nanoseconds (Linux); 0 elsewhere. */
    static long processCpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 10_000_000L; // USER_HZ = 100 on Linux
        } catch (Exception e) {
            return 0;
        }
    }

    /** Resident set size of this process in bytes (Linux); 0 elsewhere. */
    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return 0;
    }

    /**
     * Resident memory outside the Java heap (Linux /proc/self/smaps; 0 elsewhere). The heap is the run of adjacent
     * mappings (committed and not yet committed parts) that spans the maximum heap size. Heap pages touched for the
     * first time would otherwise count as memory per connection for whichever contender happens to run first.
     */
    static long nonHeapRssBytes() {
        record Vma(long start, long end, long rss) {}
        List<Vma> vmas = new ArrayList<>();
        try {
            long start = 0, end = 0;
            for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
                int dash = line.indexOf('-'), space = line.indexOf(' ');
                if (dash > 0 && space > dash && line.substring(0, dash).chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    start = Long.parseUnsignedLong(line.substring(0, dash), 16);
                    end = Long.parseUnsignedLong(line.substring(dash + 1, space), 16);
                } else if (line.startsWith("Rss:")) {
                    vmas.add(new Vma(start, end, Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024));
                }
            }
        } catch (Exception ignored) {
            return 0; // not Linux
        }
        long heapSize = Runtime.getRuntime().maxMemory();
        long total = 0, runStart = -1, runEnd = -1, runRss = 0;
        for (Vma v : vmas) { // smaps lists mappings in address order
            if (v.start() != runEnd) {
                if (runEnd - runStart < heapSize * 9 / 10) total += runRss;
                runStart = v.start();
                runRss = 0;
            }
            runEnd = v.end();
            runRss += v.rss();
        }
        if (runEnd - runStart < heapSize * 9 / 10) total += runRss;
        return total;
    }

    static long heapUsedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
