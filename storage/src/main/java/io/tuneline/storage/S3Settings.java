package io.tuneline.storage;

import java.util.Map;

/**
 * Where object storage is and how to sign in. {@code region} may be null: S3-compatible servers (MinIO,
 * s3proxy) then answer the bucket-location lookup themselves. {@code caFile} (may be null) is a PEM file of the CA
 * that signed an {@code https} endpoint's certificate, when that CA is not one the JVM trusts.
 */
public record S3Settings(String endpoint, String accessKey, String secretKey, String region, String caFile) {

    public static final String ENDPOINT_VARIABLE = "TUNELINE_S3_ENDPOINT";
    public static final String ACCESS_KEY_VARIABLE = "TUNELINE_S3_ACCESS_KEY";
    public static final String SECRET_KEY_VARIABLE = "TUNELINE_S3_SECRET_KEY";
    public static final String REGION_VARIABLE = "TUNELINE_S3_REGION";
    public static final String CA_FILE_VARIABLE = "TUNELINE_S3_CA_FILE";

    public S3Settings {
        requireText(endpoint, "endpoint");
        requireText(accessKey, "accessKey");
        requireText(secretKey, "secretKey");
        if (region != null && region.isBlank()) {
            region = null;
        }
        if (caFile != null && caFile.isBlank()) {
            caFile = null;
        }
    }

    public S3Settings(String endpoint, String accessKey, String secretKey, String region) {
        this(endpoint, accessKey, secretKey, region, null);
    }

    public S3Settings(String endpoint, String accessKey, String secretKey) {
        this(endpoint, accessKey, secretKey, null);
    }

    /** From the process environment: {@value #ENDPOINT_VARIABLE}, {@value #ACCESS_KEY_VARIABLE}, ... */
    public static S3Settings fromEnvironment() {
        return fromMap(System.getenv());
    }

    /**
     * From a map keyed like the environment ({@value #ENDPOINT_VARIABLE}, {@value #ACCESS_KEY_VARIABLE},
     * {@value #SECRET_KEY_VARIABLE}, optional {@value #REGION_VARIABLE}).
     */
    public static S3Settings fromMap(Map<String, String> values) {
        return new S3Settings(
                required(values, ENDPOINT_VARIABLE),
                required(values, ACCESS_KEY_VARIABLE),
                required(values, SECRET_KEY_VARIABLE),
                values.get(REGION_VARIABLE),
                values.get(CA_FILE_VARIABLE));
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", accessKey=" + accessKey + ", secretKey=***, region=" + region
                + ", caFile=" + caFile + "]";
    }

    private static String required(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
        return value.trim();
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("S3 " + name + " is missing");
        }
    }
}
