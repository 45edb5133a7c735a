package io.tuneline.dataset.service;

import io.smallrye.mutiny.Uni;
import io.tuneline.common.messaging.EventPublisher;
import io.tuneline.contracts.events.DeadLetter;
import io.tuneline.contracts.events.Event;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Parks rejected examples on {@code tuneline.dead-letter}. Publishes in batches and waits for the broker's
 * acknowledgement of each batch, so an upload with many bad rows neither floods memory nor waits row by row.
 */
@ApplicationScoped
public class DeadLetters {

    private static final int BATCH = 256;
    private static final Duration BATCH_TIMEOUT = Duration.ofMinutes(2);

    private final EventPublisher publisher;

    DeadLetters(EventPublisher publisher) {
        this.publisher = publisher;
    }

    /** A batch publisher for one caller (not shared between threads). */
    public Batch batch() {
        return new Batch();
    }

    public String service() {
        return publisher.service();
    }

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
