package io.tuneline.embedded.process;

import io.tuneline.embedded.EmbeddedServer;
import io.tuneline.embedded.s3.EmbeddedS3;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * A standalone S3-compatible server for the local launcher:
 * {@code S3ServerMain --port P --dir D --access-key K --secret-key S [--buckets a,b]}.
 *
 * <p>Objects are files under {@code --dir} and survive restarts; see {@link ServerCommand} for readiness, shutdown
 * and exit statuses.
 */
@Command(name = "s3-server", exitCodeOnInvalidInput = 1, mixinStandardHelpOptions = true,
        description = "An S3-compatible server (s3proxy over the filesystem) on a loopback port.")
public final class S3ServerMain extends ServerCommand {

    @Option(names = "--access-key", description = "Access key (default: ${DEFAULT-VALUE}).")
    String accessKey = EmbeddedS3.DEFAULT_ACCESS_KEY;

    @Option(names = "--secret-key", description = "Secret key (default: ${DEFAULT-VALUE}).")
    String secretKey = EmbeddedS3.DEFAULT_SECRET_KEY;

    @Option(names = "--buckets", split = ",", description = "Buckets to create (comma-separated).")
    List<String> buckets = List.of();

    public static void main(String[] args) {
        run(new S3ServerMain(), args);
    }

    @Override
    EmbeddedServer<?> startServer() {
        return EmbeddedS3.builder()
                .port(port)
                .baseDir(dir)
                .accessKey(accessKey)
                .secretKey(secretKey)
                .build()
                .start()
                .createBuckets(buckets.toArray(String[]::new));
    }
}
