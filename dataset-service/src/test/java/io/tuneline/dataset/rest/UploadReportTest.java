package io.tuneline.dataset.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectStore;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static io.restassured.RestAssured.given;
import static io.tuneline.dataset.testing.Datasets.newDatasetId;
import static io.tuneline.dataset.testing.DialogSumRows.json;
import static io.tuneline.dataset.testing.DialogSumRows.lines;
import static io.tuneline.dataset.testing.DialogSumRows.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upload report: the response lists the first {@code rejections-in-response} (100) rejections and says when
 * there are more; the stored report lists all of them; neither quotes a rejected row's text.
 */
@QuarkusTest
class UploadReportTest {

    private static final int CAP = 100;

    @Inject
    ObjectStore store;

    @Inject
    StorageLayout layout;

    @Test
    void theResponseListsTheFirstHundredRejectionsAndTheStoredReportEveryOneWithoutTheRowsText() {
        String datasetId = newDatasetId();
        List<String> secrets = new ArrayList<>();
        StringBuilder body = new StringBuilder(lines("good_", 0, 3));
        // Rows 4..108: blank summaries, each with a dialogue no report may repeat.
        for (int n = 0; n < CAP + 5; n++) {
            String secret = "secret-dialogue-" + n + "-pelican";
            secrets.add(secret);
            body.append(json(Map.of("fname", "empty_" + n, "dialogue", secret, "summary", " "))).append('\n');
        }
        // Rows of other codes whose text is just as private.
        String tooLong = "secret-too-long-heron ".repeat(100); // over the test limit of 2,000 input characters
        secrets.add("secret-too-long-heron");
        body.append(json(Map.of("fname", "long_1", "dialogue", tooLong, "summary", "s"))).append('\n');
        secrets.add("secret-broken-json-ibis");
        body.append("{\"fname\": \"broken_1\", \"dialogue\": \"secret-broken-json-ibis\", \"summary\": }\n");
        secrets.add("secret-missing-crane");
        body.append(json(Map.of("fname", "missing_1", "summary", "secret-missing-crane"))).append('\n');
        secrets.add("secret-conflict-stork");
        body.append(json(Map.of("fname", "good_1", "dialogue", "secret-conflict-stork", "summary", "s"))).append('\n');
        long rejected = CAP + 5 + 4;

        JsonPath response = given().contentType("application/x-ndjson").body(utf8(body.toString()))
                .post("/api/v1/datasets/{datasetId}/uploads", datasetId)
                .then().statusCode(201).extract().jsonPath();

        assertThat(response.getLong("accepted")).isEqualTo(3);
        assertThat(response.getLong("rejected")).isEqualTo(rejected);
        assertThat(response.getBoolean("rejectionsTruncated")).isTrue();
        assertThat(response.getList("rejections.row", Long.class))
                .containsExactlyElementsOf(LongStream.rangeClosed(4, 3 + CAP).boxed().toList());

        String uploadId = response.getString("uploadId");
        ObjectRef reportRef = layout.uploadReport(datasetId, uploadId);
        String stored = new String(store.getBytes(reportRef.bucket(), reportRef.key()), StandardCharsets.UTF_8);
        JsonPath storedReport = JsonPath.from(stored);
        assertThat(storedReport.getList("rejections.row", Long.class))
                .containsExactlyElementsOf(LongStream.rangeClosed(4, 3 + rejected).boxed().toList());
        assertThat(storedReport.getMap("rejectedByCode", String.class, Integer.class)).containsExactlyInAnyOrderEntriesOf(
                Map.of("empty-field", CAP + 5, "too-long", 1, "malformed-row", 1, "missing-field", 1, "duplicate", 1));
        assertThat(stored).doesNotContain(secrets);
        assertThat(response.prettify()).doesNotContain(secrets);
    }

    @Test
    void aResponseWithinTheCapIsNotTruncated() {
        String body = lines("good_", 0, 2) + json(Map.of("fname", "empty_1", "dialogue", "d", "summary", "")) + "\n";

        JsonPath response = given().contentType("application/x-ndjson").body(utf8(body))
                .post("/api/v1/datasets/{datasetId}/uploads", newDatasetId())
                .then().statusCode(201).extract().jsonPath();

        assertThat(response.getBoolean("rejectionsTruncated")).isFalse();
        assertThat(response.getList("rejections.row", Long.class)).containsExactly(3L);
    }
}
