package io.tuneline.dataset.rest;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.tuneline.contracts.dataset.DatasetManifest;
import io.tuneline.dataset.testing.UploadOnlyProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static io.tuneline.dataset.testing.Datasets.manifest;
import static io.tuneline.dataset.testing.Datasets.newDatasetId;
import static io.tuneline.dataset.testing.DialogSumRows.line;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A body of well over 100 MB goes through the endpoint of the packaged service, started in a JVM of its own whose
 * whole heap is smaller than the body ({@code quarkus.test.arg-line} in this module's pom): an upload held in memory
 * anywhere on its way (a buffered request, rows collected before they are written) runs out of heap and fails; a
 * streamed one is accepted whole. Its own process, so that no other test class's apps or caches share the
 * measurement (sampling the heap of the shared test JVM was flaky in CI). The stream is off, so that chats other
 * test classes left on the broker are not ingested meanwhile.
 */
@QuarkusIntegrationTest
@TestProfile(UploadOnlyProfile.class)
class LargeUploadIT {

    private static final int ROWS = 160_000;
    private static final long MIB = 1024 * 1024;
    /** The service's heap bound, as the pom sets it: the body must not fit in it. */
    private static final long SERVICE_MAX_HEAP = Long.getLong("tuneline.test.service-max-heap-mib", 0) * MIB;

    @TestHTTPResource("/")
    URL base;

    @Test
    void aBodyLargerThanTheServicesWholeHeapIsStreamedThrough() throws Exception {
        assertThat(SERVICE_MAX_HEAP).as("the service's heap bound, from the pom").isPositive();
        String datasetId = newDatasetId();
        GeneratedRows body = new GeneratedRows(ROWS);

        HttpResponse<String> response;
        try {
            response = HttpClient.newHttpClient().send(HttpRequest.newBuilder()
                            .uri(URI.create(base.toString() + "api/v1/datasets/" + datasetId + "/uploads"))
                            .header("Content-Type", "application/x-ndjson")
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("the service dropped the connection after " + body.bytes() / MIB
                    + " MiB of the body; with a heap of " + SERVICE_MAX_HEAP / MIB + " MiB that is most likely an "
                    + "OutOfMemoryError (see target/quarkus.log): the upload is held in memory", e);
        }

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(body.bytes()).as("the body is larger than the service's whole heap")
                .isGreaterThan(SERVICE_MAX_HEAP + 8 * MIB);
        JsonPath report = JsonPath.from(response.body());
        assertThat(report.getLong("accepted")).isEqualTo(ROWS);
        assertThat(report.getLong("rejected")).isZero();
        DatasetManifest manifest = manifest(datasetId, "v1");
        assertThat(manifest.totalExamples()).isEqualTo(ROWS);
        System.out.printf("Large upload: %d MiB body through a service with a %d MiB heap%n", body.bytes() / MIB,
                SERVICE_MAX_HEAP / MIB);
    }

    /** JSONL rows of about 1 KB each, generated while they are read. */
    private static final class GeneratedRows extends InputStream {
        private final int rows;
        private final AtomicLong bytes = new AtomicLong();
        private int next;
        private byte[] current = new byte[0];
        private int position;

        GeneratedRows(int rows) {
            this.rows = rows;
        }

        long bytes() {
            return bytes.get();
        }

        @Override
        public int read() {
            if (!ensureLine()) {
                return -1;
            }
            bytes.incrementAndGet();
            return current[position++] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (!ensureLine()) {
                return -1;
            }
            int count = Math.min(length, current.length - position);
            System.arraycopy(current, position, buffer, offset, count);
            position += count;
            bytes.addAndGet(count);
            return count;
        }

        private boolean ensureLine() {
            if (position < current.length) {
                return true;
            }
            if (next == rows) {
                return false;
            }
            StringBuilder filler = new StringBuilder();
            for (int k = 0; k < 14; k++) {
                filler.append(" #Person1#: Detail ").append(k).append(" of case ").append(next).append(" is unclear.");
            }
            String row = line("big_" + next, next);
            current = (row.substring(0, row.length() - 1) + ",\"notes\":\"" + filler + "\"}\n")
                    .getBytes(StandardCharsets.UTF_8);
            position = 0;
            next++;
            return true;
        }
    }
}
