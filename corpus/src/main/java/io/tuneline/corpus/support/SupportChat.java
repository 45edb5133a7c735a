package io.tuneline.corpus.support;

/**
 * One customer-support chat with its reference summary. The fields are those of DialogSum ({@code id},
 * {@code dialogue}, {@code summary}, {@code topic}) plus the customer, which grouped splits use.
 */
public record SupportChat(String id, String dialogue, String summary, String topic, String customerId) {
}
