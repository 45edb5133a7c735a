package io.tuneline.cli.stack;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The demo's shipped data, all synthetic and written for Tuneline: a DialogSum-format upload of support chats with
 * human summaries (with a few deliberately bad rows), the chats the demo then publishes on the stream, and a small
 * T5-style tokenizer that template-service uses when no real FLAN-T5 tokenizer is given.
 */
public final class DemoSample {

    static final String UPLOAD_RESOURCE = "/demo/support-chats.jsonl";
    static final String STREAM_RESOURCE = "/demo/stream-chats.jsonl";
    static final String TOKENIZER_RESOURCE = "/demo/tokenizer.json";

    /** One chat as the help desk would publish it; {@code chat} becomes a run-unique chat id. */
    public record StreamChat(String chat, String customer, String topic, String dialogue, String summary) {
    }

    private DemoSample() {
    }

    /** The upload body: DialogSum JSON Lines ({@code fname, dialogue, summary, topic}). */
    public static byte[] uploadBody() {
        return resource(UPLOAD_RESOURCE);
    }

    public static List<StreamChat> streamChats() {
        ObjectMapper json = new ObjectMapper();
        return new String(resource(STREAM_RESOURCE), StandardCharsets.UTF_8).lines()
                .filter(line -> !line.isBlank())
                .map(line -> {
                    try {
                        return json.readValue(line, StreamChat.class);
                    } catch (IOException e) {
                        throw new UncheckedIOException("broken demo resource " + STREAM_RESOURCE, e);
                    }
                })
                .toList();
    }

    /** Copies the demo tokenizer out of the launcher jar, where a service JVM can read it. */
    public static Path writeTokenizer(Path directory) {
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve("tokenizer.json");
            Files.write(file, resource(TOKENIZER_RESOURCE));
            return file;
        } catch (IOException e) {
            throw new StackException("Cannot write the demo tokenizer to " + directory + ": " + e.getMessage(), e);
        }
    }

    static byte[] resource(String name) {
        try (InputStream in = DemoSample.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the launcher jar lacks " + name + "; rebuild it");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
