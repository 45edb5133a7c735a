package io.tuneline.cli.stack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.corpus.support.SupportChat;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A user's own dialogues for {@code ./tuneline up --chats FILE}: DialogSum JSONL, one
 * {@code {"id" or "fname", "dialogue", "summary", "topic"?}} object a line. Read whole before anything starts, so a
 * bad line stops the launcher with its line number instead of half a dataset on Kafka.
 */
final class ChatsFile {

    private static final ObjectMapper JSON = EventCodec.mapper();

    private ChatsFile() {
    }

    /** The file's dialogues with ids {@code idPrefix + the line's id}, so every run's chats are new to the stream. */
    static List<SupportChat> read(Path file, String idPrefix) {
        List<SupportChat> chats = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode row;
                try {
                    row = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw bad(file, number, "not a JSON object (" + e.getOriginalMessage() + ")");
                }
                String id = text(row, "id").isEmpty() ? text(row, "fname") : text(row, "id");
                if (id.isEmpty()) {
                    id = "line-" + number;
                }
                String dialogue = text(row, "dialogue");
                String summary = text(row, "summary");
                if (dialogue.isBlank() || summary.isBlank()) {
                    throw bad(file, number, "needs non-empty text fields 'dialogue' and 'summary'");
                }
                if (!ids.add(id)) {
                    throw bad(file, number, "id '" + id + "' appears twice");
                }
                String topic = text(row, "topic");
                chats.add(new SupportChat(idPrefix + id, dialogue, summary, topic.isBlank() ? null : topic,
                        idPrefix + id));
            }
        } catch (IOException e) {
            throw new StackException("--chats " + file + ": cannot read it (" + e.getMessage() + ")");
        }
        if (chats.size() < 10) {
            throw new StackException("--chats " + file + ": " + chats.size() + " dialogues; at least 10 are needed"
                    + " for training, validation and test splits");
        }
        return chats;
    }

    private static String text(JsonNode row, String field) {
        JsonNode value = row.path(field);
        return value.isTextual() ? value.asText() : "";
    }

    private static StackException bad(Path file, int line, String why) {
        return new StackException("--chats " + file + " line " + line + ": " + why);
    }
}
