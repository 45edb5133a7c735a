package io.tuneline.trainer.executor.local;

import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.EventPayload;
import io.tuneline.contracts.events.MalformedEventException;

import java.util.Optional;

/**
 * The worker's standard-output protocol: one event envelope per line, exactly as {@link EventCodec} writes it
 * ({@code training.progress}, {@code training.completed}, {@code training.failed}); any other line is log output.
 */
public final class WorkerOutput {

    private WorkerOutput() {
    }

    public static Optional<Event<? extends EventPayload>> parse(String line) {
        String trimmed = line.strip();
        if (!trimmed.startsWith("{") || !trimmed.contains("\"payload\"")) {
            return Optional.empty();
        }
        try {
            return Optional.of(EventCodec.decode(trimmed));
        } catch (MalformedEventException e) {
            return Optional.empty();
        }
    }
}
