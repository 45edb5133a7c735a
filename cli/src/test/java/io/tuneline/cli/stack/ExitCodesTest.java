package io.tuneline.cli.stack;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExitCodesTest {

    @Test
    void namesTheUsualWaysAServiceDies() {
        assertThat(ExitCodes.describe(137)).contains("SIGKILL", "OOM killer");
        assertThat(ExitCodes.describe(3)).contains("Java heap");
        assertThat(ExitCodes.describe(134)).isEqualTo("was killed by signal 6 (code 134)");
        assertThat(ExitCodes.describe(1)).isEqualTo("exited with code 1");
    }

    @Test
    void everyServiceRunsWithABoundedHeapThatEndsTheJvmWhenExhausted() {
        for (Service service : Service.values()) {
            assertThat(service.jvmOptions()).containsExactly("-Xmx" + service.maxHeap(),
                    "-XX:+ExitOnOutOfMemoryError");
        }
    }

    @Test
    void s3HintsGiveTheCredentialsAndWorkingClientSettings() {
        List<String> lines = S3ClientHints.lines("http://127.0.0.1:9000", "tuneline", "tuneline-secret",
                "tuneline-datasets");

        assertThat(String.join("\\n", lines)).contains("access key tuneline, secret key tuneline-secret",
                "curl --aws-sigv4 aws:amz:us-east-1:s3 --user tuneline:tuneline-secret "
                        + "-H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' http://127.0.0.1:9000/tuneline-datasets/<key>",
                "AWS_REQUEST_CHECKSUM_CALCULATION=when_required", "--endpoint-url http://127.0.0.1:9000");
    }
}
