package io.tuneline.corpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tuneline.corpus.prompt.PromptExample;
import io.tuneline.corpus.support.SupportChat;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** Writes generated data as JSON Lines in the formats the rest of Tuneline reads. */
public final class CorpusFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CorpusFiles() {
    }

    /** {@code {"prompt", "completion", "task", "metric"}} per line. */
    public static void writePrompts(Path file, List<PromptExample> examples) {
        write(file, examples, example -> {
            ObjectNode line = JSON.createObjectNode();
            line.put("prompt", example.prompt());
            line.put("completion", example.completion());
            line.put("task", example.task());
            line.put("metric", example.metric());
            return line;
        });
    }

    /**
     * DialogSum's format ({@code fname}, {@code id}, {@code dialogue}, {@code summary}, {@code topic}) plus
     * {@code customerId}: what dataset-service's {@code format=dialogsum} upload reads.
     */
    public static void writeDialogSum(Path file, List<SupportChat> chats) {
        write(file, chats, chat -> {
            ObjectNode line = JSON.createObjectNode();
            line.put("fname", chat.id());
            line.put("id", chat.id());
            line.put("dialogue", chat.dialogue());
            line.put("summary", chat.summary());
            line.put("topic", chat.topic());
            line.put("customerId", chat.customerId());
            return line;
        });
    }

    /** The fields of contracts' {@code SupportChatReceived} payload, the customer in {@code attributes}. */
    public static void writeSupportChatEvents(Path file, List<SupportChat> chats) {
        write(file, chats, chat -> {
            ObjectNode line = JSON.createObjectNode();
            line.put("chatId", chat.id());
            line.put("dialogue", chat.dialogue());
            line.put("summary", chat.summary());
            line.put("topic", chat.topic());
            line.putObject("attributes").put("customerId", chat.customerId());
            return line;
        });
    }

    private static <T> void write(Path file, List<T> items, Function<T, ObjectNode> toJson) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (BufferedWriter out = Files.newBufferedWriter(file)) {
                for (T item : items) {
                    out.write(JSON.writeValueAsString(toJson.apply(item)));
                    out.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
