package io.tuneline.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code bench serve} against a stand-in service whose input limit is three turns: a longer chat is refused with
 * {@code 413 input-too-long} and sent again without its last turn until it fits (counted as trimmed, not as an
 * error); any other refusal stays an error.
 */
class ServeBenchTrimmingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LIMIT_TURNS = 3;

    private final List<Integer> turnsReceived = Collections.synchronizedList(new ArrayList<>());
    /** The client port of each request's connection. */
    private final Set<Integer> connections = Collections.synchronizedSet(new HashSet<>());
    private HttpServer server;
    private ServeBenchCommand bench;

    @BeforeEach
    void startStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/summarize", this::summarize);
        server.start();
        bench = new ServeBenchCommand();
        new CommandLine(bench).parseArgs("--url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "--warmup", "0");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aChatOverTheLimitLosesItsLastTurnsUntilItFits() {
        String chat = "#Person1#: a\n#Person2#: b\n#Person1#: c\n#Person2#: d\n#Person1#: e\n#Person2#: f";

        ServeBenchCommand.Sample sample = bench.request(chat);

        assertThat(sample.error()).isNull();
        assertThat(sample.newTokens()).isEqualTo(2);
        assertThat(sample.trimmedTurns()).isEqualTo(3);
        assertThat(sample.limitTokens()).isEqualTo(40);
        assertThat(turnsReceived).containsExactly(6, 5, 4, 3);
    }

    @Test
    void aChatWithinTheLimitIsSentOnceAndNotTrimmed() {
        ServeBenchCommand.Sample sample = bench.request("#Person1#: a\n#Person2#: b");

        assertThat(sample.error()).isNull();
        assertThat(sample.trimmedTurns()).isZero();
        assertThat(turnsReceived).containsExactly(2);
    }

    @Test
    void otherRefusalsStayErrors() {
        ServeBenchCommand.Sample overLimitAlone = bench.request("#Person1#: " + "x".repeat(5000));
        ServeBenchCommand.Sample refused = bench.request("#Person1#: refuse-me");

        assertThat(overLimitAlone.error()).contains("input limit of 40 tokens");
        assertThat(refused.error()).startsWith("HTTP 413").contains("payload-too-large");
    }

    @Test
    void aChunkedStreamIsReadAsItArrivesAndItsConnectionReused() {
        for (int i = 0; i < 3; i++) {
            ServeBenchCommand.Sample sample = bench.request("#Person1#: stream-in-chunks");

            assertThat(sample.error()).isNull();
            assertThat(sample.newTokens()).isEqualTo(3);
            assertThat(sample.firstTokenMs()).isPositive().isLessThanOrEqualTo(sample.latencyMs());
        }
        assertThat(connections).hasSize(1);
    }

    /**
     * Three turns fit; a longer chat, or one turn of 5,000 characters, is over the limit. A chat that says
     * "stream-in-chunks" is answered as the service does: chunked, an event per write, CRLF line ends.
     */
    private void summarize(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        String dialogue = body.get("dialogue").asText();
        int turns = dialogue.split("\n").length;
        turnsReceived.add(turns);
        connections.add(exchange.getRemoteAddress().getPort());
        if (dialogue.contains("stream-in-chunks")) {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (String event : new String[] {"event: token\r\ndata: {\"index\":0,\"token\":5,\"text\":\"a\"}\r\n\r\n",
                        "event: token\r\ndata: {\"index\":1,\"token\":6,\"text\":\" \u00e9\"}\r\n\r\n",
                        "event: token\r\ndata: {\"index\":2,\"token\":1,\"text\":\"\"}\r\n\r\n",
                        "event: done\r\ndata: {\"text\":\"a \u00e9\",\"promptTokens\":9,\"newTokens\":3,"
                                + "\"finishReason\":\"eos\",\"latencyMs\":1,\"firstTokenMs\":1}\r\n\r\n"}) {
                    out.write(event.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
            return;
        }
        if (dialogue.contains("refuse-me")) {
            send(exchange, 413, "application/json", "{\"error\":\"payload-too-large\",\"details\":{}}");
        } else if (turns > LIMIT_TURNS || dialogue.length() > 4000) {
            send(exchange, 413, "application/json", "{\"error\":\"input-too-long\",\"message\":\"too long\","
                    + "\"details\":{\"promptTokens\":" + (turns * 20) + ",\"limitTokens\":40}}");
        } else {
            send(exchange, 200, "text/event-stream", "event: token\ndata: {\"token\":\"a\"}\n\n"
                    + "event: done\ndata: {\"text\":\"ab\",\"promptTokens\":9,\"newTokens\":2,"
                    + "\"finishReason\":\"eos\",\"latencyMs\":1,\"firstTokenMs\":1}\n\n");
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
