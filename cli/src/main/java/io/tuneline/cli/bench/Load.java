package io.tuneline.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** The machine's load average (1, 5, 15 minutes), which every benchmark line reports: the cores are shared. */
final class Load {

    private Load() {
    }

    static String average() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (Exception e) {
            return "unknown";
        }
    }
}
