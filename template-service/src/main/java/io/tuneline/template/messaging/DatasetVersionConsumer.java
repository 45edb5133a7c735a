package io.tuneline.template.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.tuneline.common.messaging.EventInbox;
import io.tuneline.common.messaging.RejectedEventException;
import io.tuneline.common.rest.ApiException;
import io.tuneline.contracts.events.DatasetVersionCreated;
import io.tuneline.template.config.TemplateConfig;
import io.tuneline.template.service.RenderRejectedException;
import io.tuneline.template.service.RenderService;
import io.tuneline.template.service.SupersededVersions;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Renders every new dataset version with the configured task's templates. A version that cannot be rendered (no
 * split files, unknown task, no tokenizer) is dead-lettered with the reason; the render id is deterministic, so a
 * redelivered event rewrites the same files. When versions arrive faster than they render, a version that a later
 * one of the same dataset already supersedes is skipped ({@link SupersededVersions}).
 */
@ApplicationScoped
public class DatasetVersionConsumer {

    public static final String CHANNEL = "dataset-versions";

    private static final Logger LOG = Logger.getLogger(DatasetVersionConsumer.class);

    private final EventInbox inbox;
    private final RenderService renders;
    private final TemplateConfig config;
    private final SupersededVersions superseded;

    DatasetVersionConsumer(EventInbox inbox, RenderService renders, TemplateConfig config,
                           SupersededVersions superseded) {
        this.inbox = inbox;
        this.renders = renders;
        this.config = config;
        this.superseded = superseded;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onDatasetVersion(ConsumerRecord<String, byte[]> record) {
        inbox.accept(record, DatasetVersionCreated.class, event -> render(event.payload()));
    }

    private void render(DatasetVersionCreated version) {
        if (!config.autoRender().enabled()) {
            LOG.debugf("Automatic rendering is off; ignoring %s/%s", version.datasetId(), version.versionId());
            return;
        }
        if (version.splits() == null || version.splits().isEmpty()) {
            throw new RejectedEventException("no-splits", "dataset version " + version.datasetId() + "/"
                    + version.versionId() + " lists no split files");
        }
        if (superseded.skip(version.datasetId(), version.versionId())) {
            return;
        }
        try {
            renders.renderDatasetVersion(new RenderService.RenderRequest(version.datasetId(), version.versionId(),
                    config.autoRender().task(), config.autoRender().templateIds().orElse(null), null, null),
                    version.splits(), "dataset-version-created");
        } catch (RenderRejectedException e) {
            throw new RejectedEventException(e.reason(), e.getMessage());
        } catch (ApiException e) {
            throw new RejectedEventException(e.toApiError().error(), e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new RejectedEventException("invalid-argument", e.getMessage());
        }
    }
}
