package io.tuneline.dataset.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.restassured.RestAssured.given;
import static io.tuneline.dataset.testing.Datasets.newDatasetId;
import static io.tuneline.dataset.testing.DialogSumRows.line;
import static io.tuneline.dataset.testing.DialogSumRows.lines;
import static io.tuneline.dataset.testing.DialogSumRows.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that stop sending: a stalled upload (declared length never arrives) ends at the read time-out (4 s in
 * tests) and releases the dataset's lock; a client that disconnects is one warning line, not an ERROR.
 */
@QuarkusTest
class UploadInterruptionTest {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void aStalledUploadTimesOutAndAnotherUploadToTheDatasetProceeds() throws Exception {
        String datasetId = newDatasetId();
        try (Socket stalled = startUpload(datasetId)) {
            // The first row is read, so the stalled upload holds the dataset's lock; the second must wait for it.
            Thread.sleep(500);
            CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> given()
                    .contentType("application/x-ndjson").body(utf8(lines("second_", 0, 3)))
                    .post("/api/v1/datasets/{datasetId}/uploads", datasetId).statusCode());

            assertThat(second.get(60, TimeUnit.SECONDS)).isEqualTo(201);
            LogRecord warning = awaitLog("sent nothing for longer than the read time-out", datasetId,
                    Duration.ofSeconds(30));
            assertThat(warning.getLevel()).isEqualTo(Level.WARNING);
            assertThat(warning.getThrown()).isNull();
        }
        given().get("/api/v1/datasets/{datasetId}/versions", datasetId).then().statusCode(200);
    }

    @Test
    void aClientThatDisconnectsMidUploadIsOneWarningLine() throws Exception {
        String datasetId = newDatasetId();
        Socket socket = startUpload(datasetId);
        Thread.sleep(300);
        socket.close();

        LogRecord warning = awaitLog("the client disconnected", datasetId, Duration.ofSeconds(30));
        assertThat(warning.getLevel()).isEqualTo(Level.WARNING);
        assertThat(warning.getThrown()).isNull();
        Thread.sleep(500);
        assertThat(records).filteredOn(r -> r.getLevel().intValue() >= Level.SEVERE.intValue()).isEmpty();
        given().get("/api/v1/datasets/{datasetId}", datasetId).then().statusCode(404);
    }

    /** Sends the headers and the first row of a body declared ten times longer, then nothing. */
    private static Socket startUpload(String datasetId) throws IOException {
        Socket socket = new Socket("127.0.0.1", RestAssured.port);
        byte[] firstRow = utf8(line("stall_0", 0) + "\n");
        String head = "POST /api/v1/datasets/" + datasetId + "/uploads HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nContent-Type: application/x-ndjson\r\n"
                + "Content-Length: " + firstRow.length * 10 + "\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(firstRow);
        out.flush();
        return socket;
    }

    private LogRecord awaitLog(String text, String datasetId, Duration patience) {
        return await().atMost(patience.plusSeconds(30)).until(() -> records.stream()
                .filter(r -> formatted(r).contains(text) && formatted(r).contains(datasetId))
                .findFirst().orElse(null), found -> found != null);
    }

    private static String formatted(LogRecord record) {
        return record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : String.valueOf(record.getMessage());
    }
}
