package io.tuneline.cli.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.cli.stack.LocalStack;
import io.tuneline.contracts.dataset.DatasetManifest;
import io.tuneline.contracts.dataset.DatasetSummary;
import io.tuneline.contracts.dataset.SplitFile;
import io.tuneline.contracts.dataset.VersionSummary;
import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.SupportChatReceived;
import io.tuneline.contracts.events.Topic;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.S3Settings;
import io.tuneline.storage.StoredObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Publishes N synthetic support chats at a chosen rate into {@code tuneline.support-chats} of a running stack and
 * watches dataset-service take them in: chats/s published, ingested (durably stored as pending, from its
 * {@code tuneline_dataset_stream_stored_total} metric) and stored end to end (in a version), dataset-service's CPU
 * seconds, versions made, bytes stored per chat and per version (also like for like against full copies), and the
 * peak RSS of dataset-service. Start the stack first ({@code ./tuneline up --no-demo --free-ports}) and pass its ports.
 */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = "Load-test the support-chat stream of a running stack: chats/s ingested and stored, versions, "
                + "bytes per chat, dataset-service peak RSS.")
final class StreamBenchCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = EventCodec.mapper();
    /** The measurement before segments: 103 versions of 31,700 chats took 921 MB. */
    private static final double TODAY_BYTES_PER_VERSION = 921e6 / 103;

    @Option(names = "--kafka", defaultValue = "127.0.0.1:9092", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String kafka;

    @Option(names = "--s3", defaultValue = "http://127.0.0.1:9000", description = "S3 endpoint (default: ${DEFAULT-VALUE}).")
    String s3;

    @Option(names = "--s3-access-key", defaultValue = LocalStack.S3_ACCESS_KEY, description = "S3 access key (default: the local stack's).")
    String accessKey;

    @Option(names = "--s3-secret-key", defaultValue = LocalStack.S3_SECRET_KEY, description = "S3 secret key (default: the local stack's).")
    String secretKey;

    @Option(names = "--dataset-url", defaultValue = "http://127.0.0.1:8081", description = "dataset-service URL (default: ${DEFAULT-VALUE}).")
    URI datasetUrl;

    @Option(names = "--dataset", defaultValue = "support-chats", description = "The stream dataset (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--chats", defaultValue = "20000", description = "Chats to publish (default: ${DEFAULT-VALUE}); a multiple of the cut size is stored without waiting for the interval cut.")
    int chats;

    @Option(names = "--rate", defaultValue = "2300", description = "Chats per second to publish, 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--pid", description = "dataset-service's process id (default: the JVM whose command line names dataset-service).")
    Long pid;

    @Option(names = "--timeout", defaultValue = "PT15M", description = "Give up after (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the chat mix (default: ${DEFAULT-VALUE}).")
    long seed;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Override
    public Integer call() throws Exception {
        StorageLayout layout = StorageLayout.defaults();
        long servicePid = pid != null ? pid : findDatasetService().orElseThrow(() ->
                new IllegalStateException("no dataset-service process found; pass --pid"));
        try (ObjectStore store = new ObjectStore(new S3Settings(s3, accessKey, secretKey))) {
            String prefix = StorageLayout.id(dataset) + "/";
            long bytesBefore = bytes(store, layout.datasets(), prefix);
            long storedBefore = storedExamples();
            int versionsBefore = versions();
            System.out.printf(Locale.ROOT, "dataset %s: %d chats in %d versions before; dataset-service pid %d; "
                            + "%d cores, load %s%n", dataset, storedBefore, versionsBefore, servicePid,
                    Runtime.getRuntime().availableProcessors(), loadAverage());
            RssSampler rss = new RssSampler(servicePid);
            rss.start();
            double ingestedBefore = metric("tuneline_dataset_stream_stored_total");
            double cpuBefore = cpuSeconds(servicePid);
            String run = UUID.randomUUID().toString().substring(0, 8);
            long start = System.nanoTime();
            double publishSeconds = publish(run);
            long ingestedAt = 0;
            long storedAt = 0;
            double cpuIngested = 0;
            long deadline = start + timeout.toNanos();
            long stored = 0;
            while (storedAt == 0 && System.nanoTime() < deadline) {
                stored = storedExamples() - storedBefore;
                long ingested = (long) (metric("tuneline_dataset_stream_stored_total") - ingestedBefore);
                double pending = metric("tuneline_dataset_stream_pending");
                if (ingestedAt == 0 && ingested >= chats) {
                    ingestedAt = System.nanoTime();
                    cpuIngested = cpuSeconds(servicePid) - cpuBefore;
                }
                // Done when every chat is in a version, or was ingested and nothing is pending any more (a chat
                // whose texts repeat an earlier one is dead-lettered, not stored).
                if (stored >= chats || (ingestedAt != 0 && pending == 0 && stored > 0)) {
                    storedAt = System.nanoTime();
                }
                System.out.printf(Locale.ROOT, "  %5.1f s: %d stored as pending, %d stored in versions, %.0f pending%n",
                        (System.nanoTime() - start) / 1e9, ingested, stored, pending);
                Thread.sleep(250);
            }
            double cpuStored = cpuSeconds(servicePid) - cpuBefore;
            rss.interrupt();
            int made = versions() - versionsBefore;
            long added = bytes(store, layout.datasets(), prefix) - bytesBefore;
            System.out.printf(Locale.ROOT, "published  %d chats in %.1f s: %.0f chats/s%n", chats, publishSeconds,
                    chats / publishSeconds);
            report("ingested ", ingestedAt, start);
            report("stored   ", storedAt, start);
            if (stored < chats) {
                System.out.printf(Locale.ROOT, "           %d chats not stored (dead-lettered as duplicates, or not "
                        + "cut yet)%n", chats - stored);
            }
            System.out.printf(Locale.ROOT, "CPU        dataset-service: %.1f s until ingested (%.2f s per 1,000 chats), "
                            + "%.1f s until stored (%.2f s per 1,000 chats)%n", cpuIngested,
                    cpuIngested * 1000 / chats, cpuStored, cpuStored * 1000 / chats);
            System.out.printf(Locale.ROOT, "versions   %d made%n", made);
            System.out.printf(Locale.ROOT, "storage    %d bytes added: %.0f bytes per chat, %.0f bytes per version "
                            + "(the issue's today: %.0f bytes per version, %.1fx more)%n", added,
                    (double) added / chats, made == 0 ? 0.0 : (double) added / made, TODAY_BYTES_PER_VERSION,
                    made == 0 ? 0.0 : TODAY_BYTES_PER_VERSION / ((double) added / made));
            if (made > 0) {
                fullCopies(made, added);
            }
            System.out.printf(Locale.ROOT, "RSS        dataset-service peak %.0f MB during the run (VmHWM %.0f MB); "
                    + "load %s%n", rss.peakKb.get() / 1024.0, rss.status("VmHWM") / 1024.0, loadAverage());
            return storedAt == 0 ? 1 : 0;
        }
    }

    private double publish(String run) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer())) {
            for (int n = 0; n < chats; n++) {
                if (rate > 0) {
                    long due = start + (long) (n * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                String chatId = "bench-" + run + "-" + n;
                SupportChatReceived chat = new SupportChatReceived(chatId, SupportChats.next(random),
                        "The customer asks about request " + run + "-" + n + "; the agent resolves it.", "support", Map.of());
                producer.send(new ProducerRecord<>(Topic.SUPPORT_CHATS.topicName(), chatId,
                        EventCodec.encodeBytes(Event.of("bench", chat))));
            }
            producer.flush();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Like for like with "today" (every version a full copy of the dataset): the versions just made, each stored as
     * all of its examples at the uncompressed line size of this dataset (its latest manifest's split bytes per
     * example), against what they really added.
     */
    private void fullCopies(int made, long added) throws Exception {
        List<VersionSummary> versions = versionList();
        VersionSummary newest = versions.get(versions.size() - 1);
        DatasetManifest latest = answer("/api/v1/datasets/" + dataset + "/versions/" + newest.versionId(),
                new TypeReference<DatasetManifest>() { }).orElseThrow(() -> new IllegalStateException(
                "dataset-service lists " + newest.versionId() + " of " + dataset + " but has no manifest for it"));
        long lineBytes = latest.files().values().stream().mapToLong(SplitFile::bytes).sum();
        double perExample = (double) lineBytes / latest.totalExamples();
        double fullCopies = 0;
        for (VersionSummary version : versions.subList(versions.size() - made, versions.size())) {
            fullCopies += version.totalExamples() * perExample;
        }
        System.out.printf(Locale.ROOT, "like for like: %d versions as full copies (%.0f bytes per example "
                        + "uncompressed) = %.0f bytes, %.0f per version; stored %.0f per version: %.1fx less%n", made,
                perExample, fullCopies, fullCopies / made, (double) added / made, fullCopies / added);
    }

    /** The dataset's versions, oldest first; none before its first version. */
    private List<VersionSummary> versionList() throws Exception {
        return answer("/api/v1/datasets/" + dataset + "/versions", new TypeReference<List<VersionSummary>>() { })
                .orElse(List.of());
    }

    /**
     * dataset-service's answer read as the contract record it returns; empty when it answers 404 (no such dataset or
     * version yet), an error naming the status for any other refusal.
     */
    private <T> Optional<T> answer(String path, TypeReference<T> type) throws Exception {
        HttpResponse<String> response = get(path);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return Optional.of(JSON.readValue(response.body(), type));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(datasetUrl.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A counter or gauge of dataset-service's Prometheus metrics (summed over its series), 0 when absent. */
    private double metric(String name) throws Exception {
        double sum = 0;
        for (String line : get("/q/metrics").body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** User plus system CPU time of a process so far (Linux /proc, clock ticks of 1/100 s). */
    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (Exception e) {
            return 0;
        }
    }

    private void report(String what, long at, long start) {
        if (at == 0) {
            System.out.printf(Locale.ROOT, "%s  not all %d chats within %s%n", what, chats, timeout);
        } else {
            double seconds = (at - start) / 1e9;
            System.out.printf(Locale.ROOT, "%s  %d chats in %.1f s: %.0f chats/s end to end%n", what, chats,
                    seconds, chats / seconds);
        }
    }

    private long storedExamples() throws Exception {
        return answer("/api/v1/datasets/" + dataset, new TypeReference<DatasetSummary>() { })
                .map(DatasetSummary::totalExamples).orElse(0L);
    }

    private int versions() throws Exception {
        return versionList().size();
    }

    private static long bytes(ObjectStore store, String bucket, String prefix) {
        return store.list(bucket, prefix).stream().mapToLong(StoredObject::size).sum();
    }

    private static Optional<Long> findDatasetService() {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().map(line -> line.contains("dataset-service")
                        && line.contains("quarkus-run")).orElse(false))
                .map(ProcessHandle::pid).findFirst();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    /** Samples the resident set size of a process every 100 ms and keeps the peak. */
    private static final class RssSampler extends Thread {
        private final long pid;
        private final AtomicLong peakKb = new AtomicLong();

        RssSampler(long pid) {
            this.pid = pid;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                peakKb.accumulateAndGet(status("VmRSS"), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long status(String field) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith(field + ":")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (Exception e) {
                return 0;
            }
            return 0;
        }
    }
}
