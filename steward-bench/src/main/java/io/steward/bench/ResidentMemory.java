package io.steward.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Resident memory of a process from {@code /proc/PID/status} (Linux): {@code VmRSS} now and
 * {@code VmHWM}, the kernel's high-water mark of it.
 */
final class ResidentMemory {

    private ResidentMemory() {}

    /** VmRSS in bytes, or empty when the process is gone or the platform has no /proc. */
    static OptionalLong rssBytes(long pid) {
        return field(pid, "VmRSS:");
    }

    /** VmHWM (peak resident set size) in bytes, or empty as {@link #rssBytes}. */
    static OptionalLong peakBytes(long pid) {
        return field(pid, "VmHWM:");
    }

    static OptionalLong parse(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field)) {
                String[] parts = line.substring(field.length()).strip().split("\\s+");
                long kib = Long.parseLong(parts[0]);
                return OptionalLong.of(kib * 1024);
            }
        }
        return OptionalLong.empty();
    }

    private static OptionalLong field(long pid, String field) {
        try {
            return parse(Files.readString(Path.of("/proc", Long.toString(pid), "status")), field);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Bytes in MiB, one decimal. */
    static double mib(long bytes) {
        return Math.round(bytes / 1024.0 / 1024.0 * 10) / 10.0;
    }
}
