package io.tuneline.cli.stack;

import java.util.List;

/**
 * How to read the embedded S3 store's objects with common clients: its credentials and the settings curl and the
 * AWS CLI need against an S3-compatible server (path-style addressing, a region for SigV4, and for AWS CLI v2 —
 * and v1 from 1.37 — checksums only where required, since the newer default CRC checksums are not S3 API that
 * every compatible server speaks).
 */
public final class S3ClientHints {

    /** Any region works for SigV4 against the embedded store; clients need one to sign. */
    public static final String REGION = "us-east-1";

    private S3ClientHints() {
    }

    public static List<String> lines(String endpoint, String accessKey, String secretKey, String exampleBucket) {
        return List.of(
                "S3 at " + endpoint + ": access key " + accessKey + ", secret key " + secretKey + ", region " + REGION
                        + ", path-style URLs (" + endpoint + "/<bucket>/<key>).",
                "  curl --aws-sigv4 aws:amz:" + REGION + ":s3 --user " + accessKey + ":" + secretKey + " "
                        + endpoint + "/" + exampleBucket + "/<key>",
                "  AWS_ACCESS_KEY_ID=" + accessKey + " AWS_SECRET_ACCESS_KEY=" + secretKey + " AWS_REGION=" + REGION
                        + " AWS_REQUEST_CHECKSUM_CALCULATION=when_required"
                        + " AWS_RESPONSE_CHECKSUM_VALIDATION=when_required \\",
                "    aws --endpoint-url " + endpoint + " s3 cp s3://" + exampleBucket + "/<key> -");
    }
}
