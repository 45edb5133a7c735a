package io.tuneline.cli.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time that other processes used while a step ran: the machine's busy time from {@code /proc/stat} minus this
 * process's own time from {@code /proc/self/stat}, as a share of the step's wall time on all cores.
 */
final class CpuNoise {

    private static final Path MACHINE = Path.of("/proc/stat");
    private static final Path SELF = Path.of("/proc/self/stat");
    /** USER_HZ: the unit of both files, 100 on every Linux ABI. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final int cores;
    private long machineBusyStart;
    private long selfStart;
    private long wallStart;

    CpuNoise() {
        this.cores = Runtime.getRuntime().availableProcessors();
    }

    static boolean available() {
        return Files.isReadable(MACHINE) && Files.isReadable(SELF);
    }

    void start() {
        machineBusyStart = machineBusyTicks();
        selfStart = selfTicks();
        wallStart = System.nanoTime();
    }

    /** Share of all cores' time that other processes used since {@link #start()}. */
    double otherShare() {
        double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        long others = (machineBusyTicks() - machineBusyStart) - (selfTicks() - selfStart);
        return Math.max(0, others / TICKS_PER_SECOND) / (wallSeconds * cores);
    }

    /** user + nice + system + irq + softirq + steal of the aggregate "cpu" line. */
    private static long machineBusyTicks() {
        String[] fields = read(MACHINE).get(0).trim().split("\\s+");
        long busy = 0;
        for (int column : new int[] {1, 2, 3, 6, 7, 8}) {
            busy += column < fields.length ? Long.parseLong(fields[column]) : 0;
        }
        return busy;
    }

    /** utime + stime of this process (fields 14 and 15; counted after the command name in parentheses). */
    private static long selfTicks() {
        String stat = read(SELF).get(0);
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
