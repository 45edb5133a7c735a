package io.tuneline.common.messaging;

import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import io.tuneline.contracts.events.DeadLetter;
import io.tuneline.contracts.events.Event;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way a service parks something on {@code tuneline.dead-letter}: a single dead letter that must become
 * durable before its record is acknowledged ({@link #publishDurably}, what {@link EventInbox} does), or a
 * {@link Batch} of many (rejected upload rows, stream duplicates) that waits for the broker once per batch, so an
 * upload with many bad rows neither floods memory nor waits row by row.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final int BATCH = 256;
    private static final Duration BATCH_TIMEOUT = Duration.ofMinutes(2);

    private final EventPublisher publisher;

    DeadLetters(EventPublisher publisher) {
        this.publisher = publisher;
    }

    /**
     * Publishes the dead letter and waits for the broker's acknowledgement, retrying until it is durable (after
     * 1 s, doubling up to 30 s, without limit): a record is acknowledged only once it has been parked, so nothing is
     * silently dropped. Ends only with success, or with an exception when the thread is interrupted (shutdown).
     */
    @Retry(maxRetries = -1, maxDuration = 0, delay = 1, delayUnit = ChronoUnit.SECONDS, jitter = 0)
    @ExponentialBackoff(factor = 2, maxDelay = 30, maxDelayUnit = ChronoUnit.SECONDS)
    public void publishDurably(DeadLetter deadLetter) {
        try {
            publisher.publish(deadLetter);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Cannot publish the dead letter for %s-%d@%d yet; retrying", deadLetter.sourceTopic(),
                    deadLetter.partition(), deadLetter.offset());
            throw e;
        }
    }

    /** A batch publisher for one caller (not shared between threads). */
    public Batch batch() {
        return new Batch();
    }

    /** The name dead letters carry as their {@code service}. */
    public String service() {
        return publisher.service();
    }

    /** Dead letters sent without waiting, acknowledged together every {@value #BATCH} and on {@link #close()}. */
    public final class Batch implements AutoCloseable {
        private final List<Uni<Void>> pending = new ArrayList<>();

        public void add(DeadLetter deadLetter) {
            pending.add(publisher.send(Event.of(publisher.service(), deadLetter)));
            if (pending.size() >= BATCH) {
                flush();
            }
        }

        public void flush() {
            if (!pending.isEmpty()) {
                Uni.join().all(List.copyOf(pending)).andFailFast().await().atMost(BATCH_TIMEOUT);
                pending.clear();
            }
        }

        @Override
        public void close() {
            flush();
        }
    }
}
