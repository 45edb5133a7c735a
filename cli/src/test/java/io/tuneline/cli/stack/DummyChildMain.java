package io.tuneline.cli.stack;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A stand-in for the broker and S3 mains in {@link ManagedProcessTest}: a small JVM that behaves as told.
 * Modes: {@code ready} prints READY and waits; {@code ready-with-child} first starts a grandchild JVM;
 * {@code ignore-sigterm} prints READY and never finishes shutting down; {@code fail} exits 3 before READY;
 * {@code ready-then-exit} prints READY and exits 5; {@code idle} just waits (the grandchild).
 */
public final class DummyChildMain {

    private DummyChildMain() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        System.out.println("dummy starting in mode " + mode);
        switch (mode) {
            case "fail" -> {
                System.err.println("dummy: cannot start, as asked");
                System.exit(3);
            }
            case "ready-with-child" -> startGrandchild();
            case "ignore-sigterm" -> Runtime.getRuntime().addShutdownHook(new Thread(DummyChildMain::blockForever));
            default -> {
                // the other modes need no preparation
            }
        }
        if (!mode.equals("idle")) {
            System.out.println("READY dummy://" + mode);
            System.out.flush();
        }
        if (mode.equals("ready-then-exit")) {
            System.exit(5);
        }
        blockForever();
    }

    /** The JVM of the current test run, started again in {@code idle} mode. */
    static List<String> command(String mode) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-Xmx32m", "-cp", System.getProperty("java.class.path"), DummyChildMain.class.getName(), mode);
    }

    private static void startGrandchild() throws Exception {
        new ProcessBuilder(command("idle")).redirectOutput(new File("/dev/null")).redirectErrorStream(true).start();
    }

    private static void blockForever() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
