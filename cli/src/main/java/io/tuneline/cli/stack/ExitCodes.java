package io.tuneline.cli.stack;

/** What a child JVM's exit code says, in words a user can act on. */
public final class ExitCodes {

    /** The JVM's exit code with {@code -XX:+ExitOnOutOfMemoryError} when its heap is exhausted. */
    public static final int JAVA_HEAP_EXHAUSTED = 3;

    private ExitCodes() {
    }

    public static String describe(int code) {
        return switch (code) {
            case 0 -> "exited normally (code 0)";
            case JAVA_HEAP_EXHAUSTED -> "ran out of Java heap (code 3, -XX:+ExitOnOutOfMemoryError)";
            case 137 -> "was killed with SIGKILL (code 137; often the kernel's OOM killer: see dmesg)";
            case 143 -> "was terminated with SIGTERM (code 143) by someone else";
            default -> code > 128 ? "was killed by signal " + (code - 128) + " (code " + code + ")"
                    : "exited with code " + code;
        };
    }
}
