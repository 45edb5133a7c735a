package io.tuneline.contracts.events;

import java.util.Map;

/**
 * One new support chat with its human-written summary, as the help desk publishes it.
 * {@code attributes} carries optional fields such as the customer id used for grouped splits.
 */
public record SupportChatReceived(String chatId, String dialogue, String summary, String topic,
                                  Map<String, String> attributes) implements EventPayload {

    @Override
    public String key() {
        return chatId;
    }
}
