package io.tuneline.cli.stack;

import java.util.List;

/**
 * How to read the embedded S3 store's objects with common clients: its credentials and the settings curl and the
 * AWS CLI need against it: path-style addressing, a region for SigV4, and for the AWS CLI checksums only where
 * required — with botocore's default checksum settings (aws-cli 1.45 was tried; v2 from 2.23 shares them) every
 * GET and PUT fails with {@code NotImplemented} ("A header you provided implies functionality that is not
 * implemented"), with {@code when_required} they work.
 */
public final class S3ClientHints {

    /** Any region works for SigV4 against the embedded store; clients need one to sign. */
    public static final String REGION = "us-east-1";

    /**
     * curl signs no payload hash by itself; the embedded server (s3proxy) needs the header (without it every
     * request fails with a 500). Verified with curl 7.88.
     */
    public static final String CONTENT_SHA256 = "x-amz-content-sha256: UNSIGNED-PAYLOAD";

    private S3ClientHints() {
    }

    public static List<String> lines(String endpoint, String accessKey, String secretKey, String exampleBucket) {
        return List.of(
                "S3 at " + endpoint + ": access key " + accessKey + ", secret key " + secretKey + ", region " + REGION
                        + ", path-style URLs (" + endpoint + "/<bucket>/<key>).",
                "  curl --aws-sigv4 aws:amz:" + REGION + ":s3 --user " + accessKey + ":" + secretKey
                        + " -H '" + CONTENT_SHA256 + "' " + endpoint + "/" + exampleBucket + "/<key>",
                "  AWS_ACCESS_KEY_ID=" + accessKey + " AWS_SECRET_ACCESS_KEY=" + secretKey + " AWS_REGION=" + REGION
                        + " AWS_REQUEST_CHECKSUM_CALCULATION=when_required"
                        + " AWS_RESPONSE_CHECKSUM_VALIDATION=when_required \\",
                "    aws --endpoint-url " + endpoint + " s3 cp s3://" + exampleBucket + "/<key> -");
    }
}
