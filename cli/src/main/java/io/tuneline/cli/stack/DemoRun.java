package io.tuneline.cli.stack;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The names one demo run uses. Data stays in the data directory between runs, and the same sample uploaded into an
 * existing dataset would only produce duplicates: every run gets a dataset of its own, and chat ids of its own.
 *
 * @param streamCutEvery how many distinct chats make dataset-service cut a stream version: the demo publishes
 *                       exactly that many valid ones, so the cut comes right after the last of them
 */
public record DemoRun(String datasetId, String chatIdPrefix, int streamCutEvery) {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    public static DemoRun startingNow(Clock clock) {
        String stamp = STAMP.format(clock.instant());
        int validChats = (int) DemoSample.streamChats().stream().filter(chat -> !chat.summary().isBlank()).count();
        return new DemoRun("support-demo-" + stamp, "chat-" + stamp + "-", validChats);
    }

    public String chatId(DemoSample.StreamChat chat) {
        return chatIdPrefix + chat.chat();
    }

    /** dataset-service ingests the stream into the demo's dataset and cuts a version as soon as the chats are in. */
    public Map<String, String> datasetServiceEnvironment() {
        return Map.of(
                "TUNELINE_DATASET_STREAM_DATASET_ID", datasetId,
                "TUNELINE_DATASET_STREAM_CUT_EVERY", Integer.toString(streamCutEvery));
    }
}
