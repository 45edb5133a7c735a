package io.tuneline.common.config;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.tuneline.testsupport.quarkus.S3TestResource;
import io.tuneline.embedded.s3.EmbeddedS3;

import java.util.Map;

/** Points the app at an S3 server that is not running yet; the test starts it when it wants S3 to "come back". */
public class UnstartedS3TestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile EmbeddedS3 server;

    static EmbeddedS3 server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = EmbeddedS3.builder().build();
        return Map.of(
                S3TestResource.ENDPOINT_PROPERTY, server.endpoint(),
                S3TestResource.ACCESS_KEY_PROPERTY, server.accessKey(),
                S3TestResource.SECRET_KEY_PROPERTY, server.secretKey());
    }

    @Override
    public void stop() {
        server.close();
    }
}
