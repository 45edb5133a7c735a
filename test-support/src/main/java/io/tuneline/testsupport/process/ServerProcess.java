package io.tuneline.testsupport.process;

import java.util.concurrent.CountDownLatch;

/** The life of a standalone server process: announce readiness, serve until SIGTERM, stop cleanly. */
final class ServerProcess {

    private ServerProcess() {
    }

    /**
     * Registers {@code stop} as shutdown hook, prints {@code READY <endpoint>} on stdout for the launcher that
     * waits for it, and blocks until the JVM shuts down.
     */
    static void serveUntilTerminated(String name, String endpoint, Runnable stop) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(stop, name + "-shutdown"));
        System.out.println("READY " + endpoint);
        System.out.flush();
        new CountDownLatch(1).await();
    }

    /** Reports a failure to start on stderr and exits with status 1. */
    static void failToStart(String name, Exception e) {
        System.err.println(name + " failed to start: " + e.getMessage());
        e.printStackTrace(System.err);
        System.exit(1);
    }
}
