package io.tuneline.common.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.tuneline.contracts.events.DeadLetter;
import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.EventPayload;
import io.tuneline.contracts.events.MalformedEventException;
import io.tuneline.contracts.text.StrictUtf8;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The one way a service consumes events. A consumer method hands each record to {@link #accept}:
 * <pre>{@code
 * @Incoming("prompts-rendered")
 * @Blocking
 * public void onPromptsRendered(ConsumerRecord<String, byte[]> record) {
 *     inbox.accept(record, PromptsRendered.class, event -> train(event.payload()));
 * }
 * }</pre>
 * The record is decoded with {@link EventCodec} (unknown fields are ignored). A record that cannot be read, or that
 * the handler rejects, is parked on {@code tuneline.dead-letter} with the reason, and {@code accept} returns
 * normally: the record is acknowledged and the partition moves on. So a bad record can neither block a partition
 * nor stop the channel. {@code accept} throws only when its thread is interrupted (at shutdown) while a dead
 * letter still cannot be published; SmallRye then logs the record as failed. Counts both outcomes in the metrics
 * {@code tuneline_events_handled_total} and {@code tuneline_events_dead_lettered_total}.
 */
@ApplicationScoped
public class EventInbox {

    /** A handler threw something other than {@link RejectedEventException} on every attempt. */
    public static final String ERROR_HANDLER_FAILED = "handler-failed";

    /** Keeps a dead letter well below Kafka's default record size limit of 1 MiB. */
    static final int MAX_PAYLOAD_CHARS = 256 * 1024;

    private static final Logger LOG = Logger.getLogger(EventInbox.class);

    private final DeadLetters deadLetters;
    private final HandlerRetry handlerRetry;
    private final MeterRegistry metrics;

    EventInbox(DeadLetters deadLetters, HandlerRetry handlerRetry, MeterRegistry metrics) {
        this.deadLetters = deadLetters;
        this.handlerRetry = handlerRetry;
        this.metrics = metrics;
    }

    /**
     * Decodes the record as an event carrying {@code expected} (pass {@code EventPayload.class} for a topic with
     * several event types) and hands it to the handler. Runs the handler on the caller's thread: call it from a
     * {@code @Blocking} consumer method, because parking a dead letter waits for the broker.
     */
    @SuppressWarnings("unchecked")
    public <P extends EventPayload> void accept(ConsumerRecord<String, byte[]> record, Class<P> expected,
                                                Consumer<Event<P>> handler) {
        Event<P> event;
        try {
            Event<? extends EventPayload> decoded = EventCodec.decode(record.value());
            if (!expected.isInstance(decoded.payload())) {
                throw new MalformedEventException(EventCodec.ERROR_WRONG_TYPE, "expected " + expected.getSimpleName()
                        + " on " + record.topic() + " but got type '" + decoded.type() + "'");
            }
            event = (Event<P>) decoded;
        } catch (MalformedEventException e) {
            park(record, e.errorCode(), e.getMessage());
            return;
        }
        handle(record, event, handler);
    }

    private <P extends EventPayload> void handle(ConsumerRecord<String, byte[]> record, Event<P> event,
                                                 Consumer<Event<P>> handler) {
        AtomicInteger attempts = new AtomicInteger();
        try {
            handlerRetry.call(() -> {
                try {
                    attempts.incrementAndGet();
                    handler.accept(event);
                } catch (RuntimeException e) {
                    if (!(e instanceof RejectedEventException)) {
                        LOG.warnf(e, "Handling %s (%s) failed on attempt %d", event.type(), position(record),
                                attempts.get());
                    }
                    throw e;
                }
            });
            metrics.counter("tuneline.events.handled", "topic", record.topic(), "type", event.type()).increment();
        } catch (RejectedEventException e) {
            park(record, e.errorCode(), e.getMessage());
        } catch (Exception e) {
            // Retries exhausted, or interrupted between attempts (SmallRye Fault Tolerance then ends them).
            park(record, ERROR_HANDLER_FAILED, "handler failed " + attempts.get() + " times, last with " + e);
        }
    }

    /**
     * Parks the record on the dead-letter topic and waits until that is durable (retried without limit by
     * {@link DeadLetters#publishDurably}): a record is acknowledged (and its offset committed) only once it has been
     * parked, so nothing is silently dropped.
     */
    private void park(ConsumerRecord<String, byte[]> record, String errorCode, String reason) {
        DeadLetter deadLetter = new DeadLetter(deadLetters.service(), record.topic(), record.partition(),
                record.offset(), record.key(), payloadText(record.value()), errorCode, reason);
        LOG.warnf("Dead-lettering %s: %s (%s)", position(record), errorCode, reason);
        deadLetters.publishDurably(deadLetter);
        metrics.counter("tuneline.events.dead.lettered", "topic", record.topic(), "error", errorCode).increment();
    }

    /** The original value as text, or Base64 when it is not UTF-8; shortened if it would not fit in a record. */
    static String payloadText(byte[] value) {
        if (value == null) {
            return null;
        }
        String text = StrictUtf8.tryDecode(value).orElseGet(() -> Base64.getEncoder().encodeToString(value));
        if (text.length() <= MAX_PAYLOAD_CHARS) {
            return text;
        }
        return text.substring(0, MAX_PAYLOAD_CHARS) + "…[truncated, " + value.length + " bytes in total]";
    }

    private static String position(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
