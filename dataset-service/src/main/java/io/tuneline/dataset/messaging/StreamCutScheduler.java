package io.tuneline.dataset.messaging;

import io.quarkus.scheduler.Scheduled;
import io.tuneline.dataset.config.DatasetConfig;
import io.tuneline.dataset.service.StreamIngestService;
import jakarta.enterprise.context.ApplicationScoped;

/** Cuts whatever support chats are pending every {@code tuneline.dataset.stream.cut-interval}. */
@ApplicationScoped
public class StreamCutScheduler {

    private final StreamIngestService streamIngest;
    private final DatasetConfig config;

    StreamCutScheduler(StreamIngestService streamIngest, DatasetConfig config) {
        this.streamIngest = streamIngest;
        this.config = config;
    }

    @Scheduled(every = "${tuneline.dataset.stream.cut-interval}", delayed = "${tuneline.dataset.stream.cut-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void cutOnInterval() {
        if (config.stream().enabled()) {
            streamIngest.cutSafely(StreamIngestService.TRIGGER_INTERVAL);
        }
    }
}
