package io.steward.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time consumed so far, in nanoseconds, or -1 when the platform does not say: of this JVM
 * (every thread, JIT and GC included), and of another process with its reaped children (from
 * {@code /proc/PID/stat}, so Linux only; for redis-server the children are its fork children).
 */
final class CpuTime {

    /** Linux's USER_HZ, the unit of {@code /proc/PID/stat} times, on every mainstream architecture. */
    private static final long TICKS_PER_SECOND = 100;

    private CpuTime() {}

    static long thisProcess() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** utime + stime + cutime + cstime of {@code pid}. */
    static long ofPid(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name in parentheses, which may contain spaces: state is field 3.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = 0;
            for (int i = 11; i <= 14; i++) { // fields 14-17: utime, stime, cutime, cstime
                ticks += Long.parseLong(f[i]);
            }
            return ticks * (1_000_000_000L / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {@code after - before} in seconds rounded to the millisecond, or null when either is unknown. */
    static Double seconds(long before, long after) {
        return before < 0 || after < 0 ? null : Seconds.of(after - before);
    }
}
