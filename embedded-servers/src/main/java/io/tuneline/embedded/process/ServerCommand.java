package io.tuneline.embedded.process;

import io.tuneline.embedded.EmbeddedServer;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The life of a standalone server process, shared by the broker and the S3 server: parse the options, start,
 * announce {@code READY <address>} on stdout for the launcher that waits for it, serve until SIGTERM (exit status
 * 143), stop cleanly. A failure to start, or a bad option, exits with status 1 and the reason on stderr.
 */
abstract class ServerCommand implements Callable<Integer> {

    @Option(names = "--port", description = "Port clients connect to; a free one when absent.")
    int port;

    @Option(names = "--dir", required = true, description = "Data directory; kept across restarts.")
    Path dir;

    /** Builds and starts the server, and creates what the options ask for (topics, buckets). */
    abstract EmbeddedServer<?> startServer();

    @Override
    public final Integer call() throws InterruptedException {
        EmbeddedServer<?> server = startServer();
        String name = new CommandLine(this).getCommandName();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, name + "-shutdown"));
        System.out.println("READY " + server.address());
        System.out.flush();
        new CountDownLatch(1).await();
        return 0;
    }

    /** Runs {@code command} with {@code args} and exits the JVM with its status. */
    static void run(ServerCommand command, String[] args) {
        System.exit(new CommandLine(command).execute(args));
    }
}
