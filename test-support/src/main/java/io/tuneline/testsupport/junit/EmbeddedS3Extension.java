package io.tuneline.testsupport.junit;

import io.tuneline.embedded.s3.EmbeddedS3;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs an {@link EmbeddedS3} server for the test class that registers it:
 *
 * <pre>{@code
 * @RegisterExtension
 * static EmbeddedS3Extension s3 = EmbeddedS3Extension.withBuckets("datasets", "models");
 * ...
 * MinioClient.builder().endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey()).build();
 * }</pre>
 *
 * The server starts before all tests and is stopped and its files deleted after all tests (of the outermost
 * class, when {@code @Nested} classes inherit the extension).
 */
public final class EmbeddedS3Extension implements BeforeAllCallback, AfterAllCallback {

    private final List<String> buckets = new ArrayList<>();
    private EmbeddedS3 server;
    private String startedByUniqueId;

    private EmbeddedS3Extension() {
    }

    public static EmbeddedS3Extension create() {
        return new EmbeddedS3Extension();
    }

    public static EmbeddedS3Extension withBuckets(String... buckets) {
        return create().buckets(buckets);
    }

    /** Buckets created right after the server starts. */
    public EmbeddedS3Extension buckets(String... names) {
        buckets.addAll(Arrays.asList(names));
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (server != null) {
            return;
        }
        server = new EmbeddedS3().start();
        startedByUniqueId = context.getUniqueId();
        server.createBuckets(buckets.toArray(String[]::new));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null && context.getUniqueId().equals(startedByUniqueId)) {
            server.close();
            server = null;
        }
    }

    /** The running server. */
    public EmbeddedS3 server() {
        if (server == null) {
            throw new IllegalStateException("The S3 server runs only while the tests of the registering class run");
        }
        return server;
    }

    public String endpoint() {
        return server().endpoint();
    }

    public String accessKey() {
        return server().accessKey();
    }

    public String secretKey() {
        return server().secretKey();
    }
}
