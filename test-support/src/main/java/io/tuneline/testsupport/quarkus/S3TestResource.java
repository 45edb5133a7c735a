package io.tuneline.testsupport.quarkus;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.tuneline.embedded.s3.EmbeddedS3;

import java.util.Map;

/**
 * Starts a real {@link EmbeddedS3} server for a Quarkus test and sets {@code tuneline.s3.endpoint},
 * {@code tuneline.s3.access-key} and {@code tuneline.s3.secret-key}:
 *
 * <pre>{@code
 * @QuarkusTest
 * @QuarkusTestResource(value = S3TestResource.class,
 *         initArgs = @ResourceArg(name = S3TestResource.BUCKETS, value = "datasets,models"))
 * class UploadTest {
 *     @InjectEmbeddedS3 EmbeddedS3 s3;   // or S3TestResource.server()
 * }
 * }</pre>
 */
public class S3TestResource implements QuarkusTestResourceLifecycleManager {

    /** Init arg: comma-separated buckets to create after start. */
    public static final String BUCKETS = "buckets";
    /** Init arg: access key (default {@value EmbeddedS3#DEFAULT_ACCESS_KEY}). */
    public static final String ACCESS_KEY = "access-key";
    /** Init arg: secret key (default {@value EmbeddedS3#DEFAULT_SECRET_KEY}). */
    public static final String SECRET_KEY = "secret-key";

    public static final String ENDPOINT_PROPERTY = "tuneline.s3.endpoint";
    public static final String ACCESS_KEY_PROPERTY = "tuneline.s3.access-key";
    public static final String SECRET_KEY_PROPERTY = "tuneline.s3.secret-key";

    private static volatile EmbeddedS3 current;

    private String[] buckets = new String[0];
    private String accessKey = EmbeddedS3.DEFAULT_ACCESS_KEY;
    private String secretKey = EmbeddedS3.DEFAULT_SECRET_KEY;
    private EmbeddedS3 server;

    /** The S3 server of the running Quarkus test. */
    public static EmbeddedS3 server() {
        EmbeddedS3 running = current;
        if (running == null) {
            throw new IllegalStateException("No S3TestResource is running");
        }
        return running;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        buckets = InitArgs.list(initArgs, BUCKETS);
        accessKey = InitArgs.text(initArgs, ACCESS_KEY, EmbeddedS3.DEFAULT_ACCESS_KEY);
        secretKey = InitArgs.text(initArgs, SECRET_KEY, EmbeddedS3.DEFAULT_SECRET_KEY);
    }

    @Override
    public Map<String, String> start() {
        server = EmbeddedS3.builder().accessKey(accessKey).secretKey(secretKey).build().start();
        server.createBuckets(buckets);
        current = server;
        return Map.of(
                ENDPOINT_PROPERTY, server.endpoint(),
                ACCESS_KEY_PROPERTY, server.accessKey(),
                SECRET_KEY_PROPERTY, server.secretKey());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectEmbeddedS3.class, EmbeddedS3.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            if (current == server) {
                current = null;
            }
            server.close();
            server = null;
        }
    }
}
