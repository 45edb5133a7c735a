package io.tuneline.testsupport.process;

import io.tuneline.testsupport.s3.EmbeddedS3;

import java.util.Set;

/**
 * A standalone S3-compatible server for the local launcher:
 * {@code S3ServerMain --port P --dir D --access-key K --secret-key S [--buckets a,b]}.
 *
 * <p>Prints {@code READY <endpoint URL>} once it serves; objects are files under {@code --dir} and survive
 * restarts; stops cleanly on SIGTERM. A missing port means a free port, missing keys the defaults.
 */
public final class S3ServerMain {

    private S3ServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedS3 server;
        try {
            CommandLineOptions options = CommandLineOptions.parse(args, Set.of("port", "dir", "access-key", "secret-key", "buckets"));
            server = EmbeddedS3.builder()
                    .port(options.port("port"))
                    .baseDir(options.requiredPath("dir"))
                    .accessKey(options.text("access-key", EmbeddedS3.DEFAULT_ACCESS_KEY))
                    .secretKey(options.text("secret-key", EmbeddedS3.DEFAULT_SECRET_KEY))
                    .build()
                    .start();
            server.createBuckets(options.list("buckets"));
        } catch (RuntimeException e) {
            ServerProcess.failToStart("S3 server", e);
            return;
        }
        ServerProcess.serveUntilTerminated("s3-server", server.endpoint(), server::stop);
    }
}
