package io.tuneline.template.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.path.json.JsonPath;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectStore;
import io.tuneline.template.testing.TestData;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rendering streams a split: a split file of about 60 MiB is rendered while the live heap (used right after a
 * full GC) is sampled, and it grows by far less than the file's size.
 */
@QuarkusTest
class LargeRenderMemoryTest {

    private static final int LINES = 1_500;
    private static final int NOTES_CHARS = 40_000;
    private static final long MIB = 1024 * 1024;

    @Inject
    ObjectStore store;

    @Inject
    StorageLayout layout;

    @TestHTTPResource("/")
    URL base;

    @Test
    void aSplitOfSixtyMegabytesIsRenderedWithoutHoldingIt() throws Exception {
        ObjectRef train = layout.datasetSplit("large-render", "v1", "train");
        store.put(train.bucket(), train.key(), generatedSplit(), "application/x-ndjson");
        long fileBytes = store.stat(train.bucket(), train.key()).size();
        assertThat(fileBytes).isGreaterThan(55 * MIB);
        LiveHeap heap = new LiveHeap();
        heap.start();

        // Not REST Assured: its time-out (quarkus.http.test-timeout) is shorter than a render on a busy machine.
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder()
                        .uri(URI.create(base + "api/v1/renders")).timeout(Duration.ofMinutes(5))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"datasetId\": \"large-render\", "
                                + "\"versionId\": \"v1\", \"task\": \"dialogue_summarization\", \"seed\": 5}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        heap.finish();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String renderId = JsonPath.from(response.body()).getString("renderId");

        ObjectRef prompts = layout.promptsSplit("large-render", "v1", renderId, "train");
        assertThat(TestData.readJson(store, layout.promptsManifest("large-render", "v1", renderId))
                .path("splits").path("train").path("examples").asLong()).isEqualTo(LINES);
        long growth = heap.peak - heap.baseline;
        System.out.printf("Large render: %d MiB split, live heap %d MiB before, peak %d MiB during (+%d MiB)%n",
                fileBytes / MIB, heap.baseline / MIB, heap.peak / MIB, growth / MIB);
        assertThat(growth).as("live heap growth while rendering a %d MiB split", fileBytes / MIB)
                .isLessThan(24 * MIB);
        store.delete(prompts.bucket(), prompts.key());
        store.delete(train.bucket(), train.key());
    }

    /** Short chats carrying a 40 KB field no template uses, generated line by line. */
    private static InputStream generatedSplit() {
        String notes = "n".repeat(NOTES_CHARS);
        return new SequenceInputStream(new Enumeration<>() {
            private int next;

            @Override
            public boolean hasMoreElements() {
                return next < LINES;
            }

            @Override
            public InputStream nextElement() {
                Map<String, Object> line = new LinkedHashMap<>(TestData.chat("big-" + next, next, 0));
                line.put("notes", notes);
                next++;
                try {
                    return new ByteArrayInputStream((TestData.JSON.writeValueAsString(line) + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }

    /** The heap in use right after a full GC (so garbage does not count), sampled every second. */
    private static final class LiveHeap extends Thread {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final long baseline;
        private volatile boolean running = true;
        private volatile long peak;

        LiveHeap() {
            setDaemon(true);
            baseline = sample();
            peak = baseline;
        }

        @Override
        public void run() {
            while (running) {
                peak = Math.max(peak, sample());
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void finish() throws InterruptedException {
            running = false;
            join();
        }

        private long sample() {
            System.gc();
            return memory.getHeapMemoryUsage().getUsed();
        }
    }
}
