package io.tuneline.cli.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tuneline.contracts.api.GenerationResult;
import io.tuneline.contracts.api.ServedModelStatus;
import io.tuneline.contracts.events.EventCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Drives a running inference-service with closed-loop clients (each sends its next request when the previous one
 * ended) streaming summaries of synthetic support chats, and reports per client count: requests/s, new tokens/s,
 * latency p50/p95/p99 and time to first token. Run it once against a service started with continuous batching on
 * and once with it off ({@code TUNELINE_INFERENCE_BATCHING=false}) to compare.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Load-test a running inference-service: requests/s, tokens/s, latency and TTFT per client count.")
final class ServeBenchCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = EventCodec.mapper();

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8085", description = "Service URL (default: ${DEFAULT-VALUE}).")
    URI url;

    @Mixin
    LoadOptions load;

    @Option(names = "--warmup", defaultValue = "512", description = "Unmeasured requests first, sent by as many "
            + "clients at once as the largest level has, so that the JIT has compiled the service's hot paths, those of "
            + "full batches too: a fresh service spends 24 ms of CPU per request compiling over its first 64 requests, "
            + "still 11-14 ms over requests 128 to 256 and ~5 ms after 512 (t5-mini), CPU the one-at-a-time mode finds "
            + "idle on the second core and batching does not (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--adapter", paramLabel = "NAME", description = "LoRA adapter every request names (served on the "
            + "model's base, loaded on first use: the warm-up requests load it); none by default.")
    String adapter;

    private static final String SUMMARIZE = "/api/v1/summarize";

    /** For the models and metrics: a few calls per run. */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** The summaries: each client thread keeps its own connection. */
    private final Queue<SseClient> connections = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<SseClient> connection = ThreadLocal.withInitial(() -> {
        SseClient client = new SseClient(url, (int) Duration.ofMinutes(5).toMillis());
        connections.add(client);
        return client;
    });

    /**
     * One request's measurements; {@code error} is null when it succeeded. {@code trimmedTurns}: turns dropped from
     * the end of its chat because the service refused it as longer than its input limit ({@code limitTokens}, from
     * the 413's details; 0 when none was refused).
     */
    record Sample(double latencyMs, double firstTokenMs, int newTokens, String error, int trimmedTurns,
                  int limitTokens) {
        static Sample failed(String error) {
            return new Sample(0, 0, 0, error, 0, 0);
        }

        Sample trimmed(int turns, int limit) {
            return new Sample(latencyMs, firstTokenMs, newTokens, error, turns, limit);
        }
    }

    @Override
    public Integer call() throws Exception {
        List<ServedModelStatus> models = JSON.readValue(http.send(HttpRequest.newBuilder(url.resolve("/api/v1/models"))
                .build(), HttpResponse.BodyHandlers.ofString()).body(), new TypeReference<>() { });
        ServedModelStatus first = models.isEmpty() ? null : models.get(0);
        System.out.printf(Locale.ROOT, "inference-service %s: model %s%s, continuous batching %s, %d cores, load %s%n",
                url, first == null || first.serving() == null ? "?" : first.serving().checkpoint(),
                adapter == null ? "" : " with adapter " + adapter,
                first == null ? "?" : first.continuousBatching(), Runtime.getRuntime().availableProcessors(),
                Load.average());
        SplittableRandom random = new SplittableRandom(load.seed);
        if (warmup > 0) {
            List<String> chats = new ArrayList<>();
            for (int i = 0; i < warmup; i++) {
                chats.add(SupportChats.next(random));
            }
            int largestLevel = load.clients.stream().mapToInt(Integer::intValue).max().orElse(1);
            int clients = Math.max(1, Math.min(warmup, largestLevel));
            Cpu before = Cpu.now(http, url);
            ClosedLoopClients.Level<Sample> warm = ClosedLoopClients.run(chats.subList(0, warmup / clients * clients),
                    clients, this::request);
            Cpu.PerRequest cpu = Cpu.now(http, url).since(before, warm.samples().size());
            System.out.printf(Locale.ROOT, "warm-up: %d requests by %d clients in %.1f s (not measured; CPU per request:"
                    + " service %s ms, this client %s ms)%n", warm.samples().size(), clients, warm.seconds(),
                    cpu.service(), cpu.client());
        }
        System.out.println("(a chat the service refuses as longer than its input limit is sent again without its last turn"
                + " until it fits; such chats are counted as trimmed, not as errors, and timed from the accepted try)");
        System.out.println("clients  requests  errors  req/s   new tok/s  p50 ms   p95 ms   p99 ms   TTFT p50  TTFT p95"
                + "  trimmed  service CPU ms/req  client CPU ms/req");
        for (int count : load.clients) {
            Cpu before = Cpu.now(http, url);
            ClosedLoopClients.Level<Sample> level = runLevel(count, random.split());
            report(count, level, Cpu.now(http, url).since(before, level.samples().size()));
        }
        System.out.println("load after: " + Load.average());
        connections.forEach(SseClient::close);
        return 0;
    }

    private ClosedLoopClients.Level<Sample> runLevel(int count, SplittableRandom random) throws Exception {
        List<String> chats = new ArrayList<>();
        for (int i = 0; i < count * load.requestsPerClient; i++) {
            chats.add(SupportChats.next(random));
        }
        return ClosedLoopClients.run(chats, count, this::request);
    }

    private static void report(int count, ClosedLoopClients.Level<Sample> level, Cpu.PerRequest cpu) {
        List<Sample> ok = level.samples().stream().filter(sample -> sample.error() == null).toList();
        double[] latency = ok.stream().mapToDouble(Sample::latencyMs).sorted().toArray();
        double[] ttft = ok.stream().mapToDouble(Sample::firstTokenMs).sorted().toArray();
        long tokens = ok.stream().mapToLong(Sample::newTokens).sum();
        long trimmed = level.samples().stream().filter(sample -> sample.trimmedTurns() > 0).count();
        System.out.printf(Locale.ROOT, "%7d  %8d  %6d  %6.2f  %9.1f  %7.0f  %7.0f  %7.0f  %8.0f  %8.0f  %7d  %18s  %17s%n",
                count,
                level.samples().size(), level.samples().size() - ok.size(), ok.size() / level.seconds(),
                tokens / level.seconds(), Percentiles.of(latency, 50), Percentiles.of(latency, 95), Percentiles.of(latency, 99),
                Percentiles.of(ttft, 50), Percentiles.of(ttft, 95), trimmed, cpu.service(), cpu.client());
        // Under continuous batching a request's latency is mostly its number of decoder steps, so the latency's tail
        // follows the tail of the summaries' lengths; printed so the two can be compared.
        double[] newTokens = ok.stream().mapToDouble(Sample::newTokens).sorted().toArray();
        double[] perToken = ok.stream().filter(sample -> sample.newTokens() > 0)
                .mapToDouble(sample -> sample.latencyMs() / sample.newTokens()).sorted().toArray();
        if (newTokens.length > 0 && perToken.length > 0) {
            System.out.printf(Locale.ROOT, "         new tokens per request p50 %.0f, p99 %.0f; ms per new token p50 %.1f,"
                            + " p99 %.1f%n", Percentiles.of(newTokens, 50), Percentiles.of(newTokens, 99),
                    Percentiles.of(perToken, 50), Percentiles.of(perToken, 99));
        }
        level.samples().stream().filter(sample -> sample.trimmedTurns() > 0).findFirst().ifPresent(sample ->
                System.out.printf(Locale.ROOT, "         trimmed: %d chats over the service's input limit of %d tokens"
                        + " lost their last turns%n", trimmed, sample.limitTokens()));
        level.samples().stream().map(Sample::error).filter(error -> error != null).distinct().limit(3)
                .forEach(error -> System.out.println("         error: " + error));
    }

    /**
     * Streams one summary and times it. A chat the service refuses as too long ({@code 413 input-too-long}) is sent
     * again without its last turn until it fits: the mix stays within the limit the service reports, whatever its
     * tokenizer (the synthetic chats' longest, 20 turns, can exceed 512 tokens of the t5-mini's tokenizer: 11 of
     * 20,000).
     */
    Sample request(String chat) {
        String sent = chat;
        int dropped = 0;
        int limit = 0;
        while (true) {
            Attempt attempt = attempt(sent);
            if (attempt.limitTokens() == 0) {
                return attempt.sample().trimmed(dropped, limit);
            }
            limit = attempt.limitTokens();
            int lastTurn = sent.lastIndexOf("\n#Person");
            if (lastTurn < 0) {
                return Sample.failed("one turn is over the service's input limit of " + limit + " tokens");
            }
            sent = sent.substring(0, lastTurn);
            dropped++;
        }
    }

    /** One try: its measurements, or (sample null) the input limit the service refused the chat with. */
    private record Attempt(Sample sample, int limitTokens) {
        static Attempt of(Sample sample) {
            return new Attempt(sample, 0);
        }
    }

    /** Streams one summary and times it: first {@code token} event, then {@code done}. */
    private Attempt attempt(String chat) {
        long started = System.nanoTime();
        try {
            ObjectNode body = JSON.createObjectNode().put("dialogue", chat);
            if (adapter != null) {
                body.put("adapter", adapter);
            }
            body.putObject("options").put("maxNewTokens", load.maxNewTokens);
            StreamedSummary stream = new StreamedSummary(started);
            SseClient.Refusal refusal = connection.get().post(SUMMARIZE, JSON.writeValueAsString(body),
                    "text/event-stream", stream);
            if (refusal != null) {
                int limit = refusal.status() == 413 ? inputLimit(refusal.body()) : 0;
                return limit > 0 ? new Attempt(null, limit)
                        : Attempt.of(Sample.failed("HTTP " + refusal.status() + " " + refusal.body()));
            }
            return Attempt.of(stream.sample != null ? stream.sample
                    : Sample.failed("the stream ended without a done event"));
        } catch (Exception e) {
            return Attempt.of(Sample.failed(e.toString()));
        }
    }

    /**
     * Reads the server-sent events of one summary as their lines arrive: the first {@code token} event's time, then
     * the {@code done} event's token count (the only JSON parsed) or the {@code error} event.
     */
    private static final class StreamedSummary implements SseClient.Listener {
        private static final byte[] EVENT = "event:".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

        private final long started;
        private String event = "";
        private double firstToken = -1;
        private Sample sample;

        StreamedSummary(long started) {
            this.started = started;
        }

        @Override
        public boolean line(byte[] buffer, int start, int length) {
            if (startsWith(buffer, start, length, EVENT)) {
                event = new String(buffer, start + EVENT.length, length - EVENT.length, StandardCharsets.UTF_8).trim();
            } else if (startsWith(buffer, start, length, DATA)) {
                double now = (System.nanoTime() - started) / 1e6;
                if (event.equals("token")) {
                    if (firstToken < 0) {
                        firstToken = now;
                    }
                } else {
                    String data = new String(buffer, start + DATA.length, length - DATA.length,
                            StandardCharsets.UTF_8).trim();
                    sample = event.equals("done") ? new Sample(now, firstToken, newTokens(data), null, 0, 0)
                            : Sample.failed(event.equals("error") ? data : "unexpected event '" + event + "': " + data);
                    return false;
                }
            }
            return true;
        }

        private static int newTokens(String done) {
            try {
                return JSON.readValue(done, GenerationResult.class).newTokens();
            } catch (IOException e) {
                throw new UncheckedIOException("a done event that is not a result: " + done, e);
            }
        }

        private static boolean startsWith(byte[] buffer, int start, int length, byte[] prefix) {
            if (length < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (buffer[start + i] != prefix[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The limit of a {@code 413 input-too-long} answer ({@code details.limitTokens}), or 0 for any other 413. */
    private static int inputLimit(String body) {
        try {
            JsonNode answer = JSON.readTree(body);
            return "input-too-long".equals(answer.path("error").asText())
                    ? answer.path("details").path("limitTokens").asInt(0) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
