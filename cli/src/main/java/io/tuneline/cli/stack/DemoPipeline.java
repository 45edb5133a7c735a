package io.tuneline.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.contracts.events.DeadLetter;
import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.events.PromptsRendered;
import io.tuneline.contracts.events.SupportChatReceived;
import io.tuneline.contracts.events.Topic;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.S3Settings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The product's main job on the running local stack, end to end: a DialogSum upload and a few streamed support
 * chats become immutable dataset versions in dataset-service, and template-service renders each version into
 * prompt/completion files. Every step checks what the services answered and fails with the step, the answer and
 * the service's log.
 */
public final class DemoPipeline {

    private static final String DATASET = "dataset-service";
    private static final String TEMPLATE = "template-service";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final int PAGE_SIZE = 1000;

    private final Console console;
    private final HttpClient http;
    private final StackLayout layout;
    private final RunningService datasetService;
    private final RunningService templateService;
    private final LocalStack.Infrastructure infrastructure;
    private final DemoRun run;
    private final DemoReport.Tokenizer tokenizer;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper();
    private final StorageLayout storage = StorageLayout.withPrefix(LocalStack.BUCKET_PREFIX);

    public DemoPipeline(Console console, HttpClient http, StackLayout layout, RunningService datasetService,
                        RunningService templateService, LocalStack.Infrastructure infrastructure, DemoRun run,
                        DemoReport.Tokenizer tokenizer, Duration timeout) {
        this.console = console;
        this.http = http;
        this.layout = layout;
        this.datasetService = datasetService;
        this.templateService = templateService;
        this.infrastructure = infrastructure;
        this.run = run;
        this.tokenizer = tokenizer;
        this.timeout = timeout;
    }

    public DemoReport run() {
        try (PipelineEvents events = new PipelineEvents(infrastructure.kafkaBootstrapServers(), run.datasetId(),
                this::isAboutThisRun);
             ObjectStore store = new ObjectStore(new S3Settings(infrastructure.s3Endpoint(), LocalStack.S3_ACCESS_KEY,
                     LocalStack.S3_SECRET_KEY))) {
            UploadOutcome upload = upload();
            String uploadVersionId = upload.versionId();
            DemoReport.DatasetVersion uploadVersion = version(uploadVersionId);
            console.ok(DATASET, uploadVersionId + ": " + uploadVersion.totalExamples() + " examples");
            DemoReport.Render uploadRender = awaitRender(events, uploadVersionId);

            List<DemoSample.StreamChat> chats = DemoSample.streamChats();
            DemoSample.StreamChat redelivered = chats.stream().filter(chat -> !chat.summary().isBlank()).skip(1)
                    .findFirst().orElseThrow();
            DemoSample.StreamChat invalid = chats.stream().filter(chat -> chat.summary().isBlank())
                    .findFirst().orElseThrow();
            int published = publish(chats, redelivered);
            DemoReport.DatasetVersion streamVersion = awaitStreamVersion(uploadVersionId);
            Map<String, Integer> storedTimes = storedTimes(streamVersion, chats);
            requireStoredOnce(storedTimes, run.chatId(invalid));
            console.ok(DATASET, streamVersion.versionId() + " (" + streamVersion.trigger() + "): +"
                    + streamVersion.added().values().stream().mapToLong(Long::longValue).sum()
                    + " chats, each stored once");
            DemoReport.Render streamRender = awaitRender(events, streamVersion.versionId());

            DemoReport.PromptExample example = firstLine(store, streamRender);
            long expectedDeadLetters = upload.report().rejected() + 1; // and the chat without a summary
            DemoReport.DeadLetters deadLetters = awaitDeadLetters(events, expectedDeadLetters);
            return new DemoReport(run.datasetId(), tokenizer, upload.report(), uploadVersion,
                    new DemoReport.Stream(published, storedTimes, run.chatId(redelivered), run.chatId(invalid)),
                    streamVersion, List.of(uploadRender, streamRender), example, deadLetters);
        }
    }

    private record UploadOutcome(String versionId, DemoReport.Upload report) {
    }

    /** Step 1: the shipped sample as one DialogSum upload; the bad rows come back as rejections. */
    private UploadOutcome upload() {
        String step = "upload the sample";
        console.step(DATASET, "uploading " + DemoSample.UPLOAD_RESOURCE.substring(1) + " into dataset " + run.datasetId());
        URI uri = datasetService.baseUri().resolve("/api/v1/datasets/" + run.datasetId() + "/uploads?format=dialogsum");
        HttpResponse<String> response = send(step, datasetService, HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(DemoSample.uploadBody())));
        JsonNode body = expect(step, datasetService, response, 201);
        List<DemoReport.RejectedRow> rejections = new ArrayList<>();
        for (JsonNode rejection : body.path("rejections")) {
            rejections.add(new DemoReport.RejectedRow(rejection.path("row").asLong(), rejection.path("code").asText(),
                    rejection.path("reason").asText(), textOrNull(rejection.path("exampleId"))));
        }
        DemoReport.Upload report = new DemoReport.Upload(body.path("uploadId").asText(), body.path("rowsRead").asLong(),
                body.path("accepted").asLong(), body.path("rejected").asLong(), rejections,
                location(body.path("report")));
        console.ok(DATASET, report.accepted() + " rows accepted, " + report.rejected() + " rejected ("
                + rejections.stream().map(DemoReport.RejectedRow::code).distinct().toList() + ")");
        return new UploadOutcome(body.path("versionId").asText(), report);
    }

    /** Step 2: new chats on the stream, keyed by chat id; one is sent twice, as a redelivery after a failure would. */
    private int publish(List<DemoSample.StreamChat> chats, DemoSample.StreamChat redelivered) {
        String step = "publish chats on " + Topic.SUPPORT_CHATS.topicName();
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        int published = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            for (DemoSample.StreamChat chat : chats) {
                Event<SupportChatReceived> event = Event.of("tuneline-demo", new SupportChatReceived(run.chatId(chat),
                        chat.dialogue(), chat.summary(), chat.topic(), Map.of("customer", chat.customer())));
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topic.SUPPORT_CHATS.topicName(),
                        event.key(), EventCodec.encodeBytes(event));
                int copies = chat.equals(redelivered) ? 2 : 1;
                for (int copy = 0; copy < copies; copy++) {
                    producer.send(record).get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    published++;
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw failure(step, "Kafka at " + infrastructure.kafkaBootstrapServers() + " did not take the record: "
                    + e.getMessage(), layout.logFile("kafka"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted while publishing the demo chats");
        }
        console.ok("kafka", published + " SupportChatReceived records on " + Topic.SUPPORT_CHATS.topicName() + " ("
                + run.chatId(redelivered) + " twice, one without a summary)");
        return published;
    }

    /** Step 3: dataset-service cuts a version once the chats are in; found through its REST API. */
    private DemoReport.DatasetVersion awaitStreamVersion(String parentVersionId) {
        return await(DATASET, datasetService, "waiting for the stream version on top of " + parentVersionId,
                () -> versions("wait for the stream version").stream()
                        .filter(version -> parentVersionId.equals(version.parentVersionId())
                                && version.trigger().startsWith("stream"))
                        .findFirst());
    }

    private DemoReport.DatasetVersion version(String versionId) {
        return versions("read version " + versionId).stream()
                .filter(version -> version.versionId().equals(versionId)).findFirst()
                .orElseThrow(() -> failure("read version " + versionId, "dataset-service does not list " + versionId
                        + " of " + run.datasetId(), datasetService.process().logFile()));
    }

    private List<DemoReport.DatasetVersion> versions(String step) {
        HttpResponse<String> response = send(step, datasetService, HttpRequest.newBuilder(
                datasetService.baseUri().resolve("/api/v1/datasets/" + run.datasetId() + "/versions")).GET());
        List<DemoReport.DatasetVersion> versions = new ArrayList<>();
        for (JsonNode version : expect(step, datasetService, response, 200)) {
            versions.add(new DemoReport.DatasetVersion(version.path("versionId").asText(),
                    textOrNull(version.path("parentVersionId")), version.path("trigger").asText(),
                    version.path("totalExamples").asLong(), longs(version.path("counts")), longs(version.path("added"))));
        }
        return versions;
    }

    /** How often each published chat id is among the version's examples, read page by page over REST. */
    private Map<String, Integer> storedTimes(DemoReport.DatasetVersion version, List<DemoSample.StreamChat> chats) {
        Map<String, Integer> storedTimes = new LinkedHashMap<>();
        chats.forEach(chat -> storedTimes.put(run.chatId(chat), 0));
        for (String split : DemoSummary.SPLITS) {
            if (version.counts().getOrDefault(split, 0L) == 0) {
                continue;
            }
            String step = "read the " + split + " examples of " + version.versionId();
            long offset = 0;
            while (offset >= 0) {
                URI uri = datasetService.baseUri().resolve("/api/v1/datasets/" + run.datasetId() + "/versions/"
                        + version.versionId() + "/splits/" + split + "/examples?offset=" + offset + "&limit=" + PAGE_SIZE);
                JsonNode page = expect(step, datasetService, send(step, datasetService, HttpRequest.newBuilder(uri).GET()), 200);
                for (JsonNode example : page.path("items")) {
                    storedTimes.computeIfPresent(example.path("id").asText(), (id, times) -> times + 1);
                }
                offset = page.path("nextOffset").isNumber() ? page.path("nextOffset").asLong() : -1;
            }
        }
        return storedTimes;
    }

    private void requireStoredOnce(Map<String, Integer> storedTimes, String invalidChatId) {
        storedTimes.forEach((chatId, times) -> {
            int expected = chatId.equals(invalidChatId) ? 0 : 1;
            if (times != expected) {
                throw failure("check the stream version", "chat " + chatId + " is stored " + times
                        + " times, expected " + expected, datasetService.process().logFile());
            }
        });
    }

    /** Steps 4 and 5: template-service renders each new version on its own and announces it on Kafka. */
    private DemoReport.Render awaitRender(PipelineEvents events, String versionId) {
        PromptsRendered rendered = await(TEMPLATE, templateService, "rendering prompts for " + versionId, () -> {
            events.poll(POLL);
            events.deadLetters().stream()
                    .filter(deadLetter -> TEMPLATE.equals(deadLetter.service()))
                    .findFirst()
                    .ifPresent(deadLetter -> {
                        throw failure("render " + versionId, "template-service could not render it ("
                                + deadLetter.errorCode() + "): " + deadLetter.reason(), templateService.process().logFile());
                    });
            return events.rendered(versionId);
        });
        String step = "read render " + rendered.renderId();
        URI uri = templateService.baseUri().resolve("/api/v1/renders/" + run.datasetId() + "/" + versionId + "/"
                + rendered.renderId());
        JsonNode manifest = expect(step, templateService, send(step, templateService, HttpRequest.newBuilder(uri).GET()), 200);
        Map<String, DemoReport.RenderedSplit> splits = new TreeMap<>();
        manifest.path("splits").fields().forEachRemaining(split -> splits.put(split.getKey(),
                new DemoReport.RenderedSplit(split.getValue().path("examples").asLong(),
                        split.getValue().path("truncated").asLong(), split.getValue().path("overLimit").asLong(),
                        location(split.getValue().path("file")))));
        DemoReport.Render render = new DemoReport.Render(versionId, rendered.renderId(), splits,
                manifest.path("truncated").asLong(), manifest.path("maxInputTokens").asInt(),
                storage.promptsManifest(run.datasetId(), versionId, rendered.renderId()).toString());
        console.ok(TEMPLATE, versionId + " rendered: " + manifest.path("examples").asLong() + " prompts, "
                + render.truncated() + " truncated");
        return render;
    }

    /** One rendered line, read back from S3 as a trainer would read it. */
    private DemoReport.PromptExample firstLine(ObjectStore store, DemoReport.Render render) {
        String split = DemoSummary.SPLITS.stream().filter(name -> render.splits().containsKey(name)
                && render.splits().get(name).examples() > 0).findFirst()
                .orElseThrow(() -> failure("read an example", "render " + render.renderId() + " has no examples",
                        templateService.process().logFile()));
        ObjectRef file = storage.promptsSplit(run.datasetId(), render.versionId(), render.renderId(), split);
        try (InputStream in = store.get(file.bucket(), file.key());
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            JsonNode line = json.readTree(lines.readLine());
            return new DemoReport.PromptExample(file.toString(), line.path("exampleId").asText(),
                    line.path("templateId").asText(), line.path("prompt").asText(), line.path("completion").asText());
        } catch (IOException | RuntimeException e) {
            throw failure("read an example", "cannot read " + file + " from S3: " + e.getMessage(), layout.logFile("s3"));
        }
    }

    /** The upload's rejected rows and the invalid chat reach the dead-letter topic. */
    private DemoReport.DeadLetters awaitDeadLetters(PipelineEvents events, long expected) {
        List<DeadLetter> deadLetters = await("dead letters", datasetService,
                "waiting for " + expected + " dead letters on " + Topic.DEAD_LETTER.topicName(), () -> {
                    events.poll(POLL);
                    List<DeadLetter> seen = events.deadLetters();
                    return seen.size() >= expected ? Optional.of(seen) : Optional.empty();
                });
        Map<String, Long> byCode = new TreeMap<>();
        deadLetters.forEach(deadLetter -> byCode.merge(deadLetter.errorCode(), 1L, Long::sum));
        return new DemoReport.DeadLetters(byCode);
    }

    /** Upload rows name the upload in their source topic; stream chats carry this run's chat ids as keys. */
    private boolean isAboutThisRun(DeadLetter deadLetter) {
        String sourceTopic = deadLetter.sourceTopic() == null ? "" : deadLetter.sourceTopic();
        String key = deadLetter.originalKey() == null ? "" : deadLetter.originalKey();
        return sourceTopic.startsWith("upload/" + run.datasetId() + "/") || key.startsWith(run.chatIdPrefix())
                || key.equals(run.datasetId());
    }

    /** Polls {@code check} until it has an answer, a dot per second on the progress line. */
    private <T> T await(String subject, RunningService service, String what, Supplier<Optional<T>> check) {
        console.waiting(subject, what);
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        long nextTick = started + TICK.toNanos();
        try {
            while (true) {
                Optional<T> answer = check.get();
                if (answer.isPresent()) {
                    console.done(true, "done in " + Durations.seconds(Duration.ofNanos(System.nanoTime() - started)));
                    return answer.get();
                }
                long now = System.nanoTime();
                if (now >= deadline) {
                    throw failure(what, "no result within " + timeout.toSeconds() + " s", service.process().logFile());
                }
                if (now >= nextTick) {
                    console.tick();
                    nextTick += TICK.toNanos();
                }
                Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, (deadline - now) / 1_000_000)));
            }
        } catch (StackException e) {
            console.done(false, "failed");
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            console.done(false, "interrupted");
            throw new StackException("Interrupted while " + what);
        }
    }

    private HttpResponse<String> send(String step, RunningService service, HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw failure(step, service.name() + " did not answer: " + e, service.process().logFile());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted while trying to " + step);
        }
    }

    private JsonNode expect(String step, RunningService service, HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw failure(step, response.request().method() + " " + response.uri().getPath() + " answered HTTP "
                    + response.statusCode() + " (expected " + status + "): " + response.body(), service.process().logFile());
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw failure(step, service.name() + " answered something that is not JSON: " + response.body(),
                    service.process().logFile());
        }
    }

    private StackException failure(String step, String what, Path log) {
        return new StackException("Demo pipeline failed at '" + step + "': " + what + "\n  log: " + layout.display(log));
    }

    private static Map<String, Long> longs(JsonNode node) {
        Map<String, Long> values = new TreeMap<>();
        node.fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue().asLong()));
        return values;
    }

    private static String location(JsonNode ref) {
        return new ObjectRef(ref.path("bucket").asText(), ref.path("key").asText()).toString();
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }
}
