package io.tuneline.embedded.s3;

import io.tuneline.embedded.EmbeddedServer;
import io.tuneline.embedded.LogLevels;
import io.tuneline.embedded.LoopbackPorts;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.reference.FilesystemConstants;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * A real S3-compatible server (s3proxy over the jclouds filesystem provider) running in this JVM on a loopback
 * port, with AWS signature V2/V4 authentication. Objects live as files in the data directory, so a stopped
 * server started again serves the same objects (see {@link #dataDir()}).
 */
public final class EmbeddedS3 extends EmbeddedServer<EmbeddedS3> {

    public static final String DEFAULT_ACCESS_KEY = "tuneline";
    public static final String DEFAULT_SECRET_KEY = "tuneline-secret";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final int port;
    private final String accessKey;
    private final String secretKey;

    private BlobStoreContext blobStoreContext;
    private S3Proxy proxy;

    private EmbeddedS3(Builder builder) {
        super("Embedded S3", builder.baseDir, "tuneline-s3-");
        this.port = builder.port > 0 ? builder.port : LoopbackPorts.freePort();
        this.accessKey = builder.accessKey;
        this.secretKey = builder.secretKey;
    }

    /** A server on a free port with the default keys, storing in a temporary directory that {@link #close()} removes. */
    public EmbeddedS3() {
        this(builder());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts serving the objects under {@code baseDir} and waits until the server accepts requests. */
    @Override
    protected void startServing(Path baseDir) throws Exception {
        LogLevels.warnOnly("org.gaul.s3proxy", "org.gaul.shaded.org.eclipse.jetty", "org.jclouds", "jclouds");
        Properties overrides = new Properties();
        overrides.setProperty(FilesystemConstants.PROPERTY_BASEDIR, baseDir.toString());
        blobStoreContext = ContextBuilder.newBuilder("filesystem")
                .overrides(overrides)
                .buildView(BlobStoreContext.class);
        proxy = S3Proxy.builder()
                .blobStore(blobStoreContext.getBlobStore())
                .endpoint(URI.create(endpoint()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        proxy.start();
        S3Proxy started = proxy;
        awaitReady("s3proxy", STARTUP_TIMEOUT, Duration.ofMillis(10), () -> "STARTED".equals(started.getState()));
    }

    @Override
    protected void stopServing() throws Exception {
        try {
            if (proxy != null) {
                proxy.stop();
            }
        } finally {
            proxy = null;
            if (blobStoreContext != null) {
                blobStoreContext.close();
                blobStoreContext = null;
            }
        }
    }

    /** The endpoint URL, e.g. {@code http://127.0.0.1:39123}. */
    public String endpoint() {
        return "http://" + LoopbackPorts.LOOPBACK_HOST + ":" + port;
    }

    @Override
    public String address() {
        return endpoint();
    }

    @Override
    public int port() {
        return port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** Creates the buckets that do not exist yet; the server must be running. */
    public synchronized EmbeddedS3 createBuckets(String... names) {
        if (blobStoreContext == null) {
            throw new IllegalStateException("Embedded S3 is not running");
        }
        for (String name : names) {
            blobStoreContext.getBlobStore().createContainerInLocation(null, name);
        }
        return this;
    }

    /** Settings of an {@link EmbeddedS3}; everything is optional. */
    public static final class Builder {
        private int port;
        private Path baseDir;
        private String accessKey = DEFAULT_ACCESS_KEY;
        private String secretKey = DEFAULT_SECRET_KEY;

        private Builder() {
        }

        /** The HTTP port; free port if not set. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** A storage directory that outlives the server; a temporary one (removed on close) if not set. */
        public Builder baseDir(Path baseDir) {
            this.baseDir = baseDir;
            return this;
        }

        public Builder accessKey(String accessKey) {
            this.accessKey = accessKey;
            return this;
        }

        public Builder secretKey(String secretKey) {
            this.secretKey = secretKey;
            return this;
        }

        public EmbeddedS3 build() {
            return new EmbeddedS3(this);
        }
    }
}
