package io.tuneline.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * Where object storage is. Every value can come from the environment ({@code TUNELINE_S3_ENDPOINT}, …) or a mounted
 * Secret, so the same image runs against the embedded test server, MinIO or any S3-compatible store.
 * (One mapping per {@code tuneline.<area>} prefix: a mapping of all of {@code tuneline} would refuse the keys that
 * the services add under it.)
 */
@ConfigMapping(prefix = "tuneline.s3")
public interface S3Config {

    /** e.g. {@code http://minio.tuneline.svc:9000}. */
    String endpoint();

    String accessKey();

    String secretKey();

    /** Only for stores that need one (AWS S3); MinIO and s3proxy answer the bucket location themselves. */
    Optional<String> region();

    /** PEM file of the CA behind an {@code https} endpoint, when the JVM does not trust it (a mounted Secret). */
    Optional<String> caFile();

    /** Prepended to the default bucket names ({@code datasets}, {@code models}, …). */
    @WithDefault("tuneline-")
    String bucketPrefix();
}
