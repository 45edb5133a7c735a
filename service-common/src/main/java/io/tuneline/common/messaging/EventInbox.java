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

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

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
 *
 * <p>A consumer whose work is cheaper per batch than per record (one object written for many records) takes the
 * channel's records in batches ({@code mp.messaging.incoming.<channel>.batch=true}) and hands them to
 * {@link #acceptBatch}: the same decoding and parking per record, one handler call for the batch.
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
    public <P extends EventPayload> void accept(ConsumerRecord<String, byte[]> record, Class<P> expected,
                                                Consumer<Event<P>> handler) {
        Event<P> event = decodeOrPark(record, expected);
        if (event != null) {
            handle(record, event, handler);
        }
    }

    /** One record of a batch, decoded. */
    public record Delivery<P extends EventPayload>(ConsumerRecord<String, byte[]> record, Event<P> event) {
    }

    /** A record of a batch that the handler does not accept: parked with this code and reason. */
    public record Refusal(ConsumerRecord<String, byte[]> record, String errorCode, String reason) {
    }

    /**
     * Like {@link #accept} for a batch of records: each record is decoded (or parked) on its own, then the handler
     * gets every decoded record at once and returns the ones it refuses, which are parked. The handler is retried
     * like a single record's; when it keeps failing, every decoded record of the batch is parked as
     * {@value #ERROR_HANDLER_FAILED}. Returns once every record is handled or parked, so the caller's batch can be
     * acknowledged.
     */
    public <P extends EventPayload> void acceptBatch(Iterable<ConsumerRecord<String, byte[]>> records,
                                                     Class<P> expected,
                                                     Function<List<Delivery<P>>, List<Refusal>> handler) {
        List<Delivery<P>> deliveries = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Event<P> event = decodeOrPark(record, expected);
            if (event != null) {
                deliveries.add(new Delivery<>(record, event));
            }
        }
        if (deliveries.isEmpty()) {
            return;
        }
        AtomicReference<List<Refusal>> refused = new AtomicReference<>(List.of());
        AtomicInteger attempts = new AtomicInteger();
        try {
            handlerRetry.call(() -> {
                attempts.incrementAndGet();
                try {
                    refused.set(handler.apply(List.copyOf(deliveries)));
                } catch (RuntimeException e) {
                    LOG.warnf(e, "Handling a batch of %d records from %s failed on attempt %d", deliveries.size(),
                            position(deliveries.get(0).record()), attempts.get());
                    throw e;
                }
            });
        } catch (Exception e) {
            for (Delivery<P> delivery : deliveries) {
                park(delivery.record(), ERROR_HANDLER_FAILED,
                        "handler failed " + attempts.get() + " times, last with " + e);
            }
            return;
        }
        for (Refusal refusal : refused.get()) {
            park(refusal.record(), refusal.errorCode(), refusal.reason());
        }
        int handled = deliveries.size() - refused.get().size();
        if (handled > 0) {
            Delivery<P> first = deliveries.get(0);
            metrics.counter("tuneline.events.handled", "topic", first.record().topic(), "type", first.event().type())
                    .increment(handled);
        }
    }

    /** The record's event, or null when it could not be read as one carrying {@code expected} (then it is parked). */
    @SuppressWarnings("unchecked")
    private <P extends EventPayload> Event<P> decodeOrPark(ConsumerRecord<String, byte[]> record, Class<P> expected) {
        try {
            Event<? extends EventPayload> decoded = EventCodec.decode(record.value());
            if (!expected.isInstance(decoded.payload())) {
                throw new MalformedEventException(EventCodec.ERROR_WRONG_TYPE, "expected " + expected.getSimpleName()
                        + " on " + record.topic() + " but got type '" + decoded.type() + "'");
            }
            return (Event<P>) decoded;
        } catch (MalformedEventException e) {
            park(record, e.errorCode(), e.getMessage());
            return null;
        }
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
