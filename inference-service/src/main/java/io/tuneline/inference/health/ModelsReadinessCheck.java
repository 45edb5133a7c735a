package io.tuneline.inference.health;

import io.tuneline.inference.config.InferenceConfig;
import io.tuneline.inference.model.LoadedModel;
import io.tuneline.inference.model.ServedModel;
import io.tuneline.inference.service.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once every served model name has a loaded model; names the version of each, or why it is missing
 * ({@code tuneline.inference.ready-without-model} lets a stack without checkpoints become ready).
 */
@Readiness
@ApplicationScoped
public class ModelsReadinessCheck implements HealthCheck {

    private final ModelRegistry registry;
    private final InferenceConfig config;

    ModelsReadinessCheck(ModelRegistry registry, InferenceConfig config) {
        this.registry = registry;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("models").up();
        for (ServedModel slot : registry.all()) {
            LoadedModel current = slot.current();
            boolean settled = slot.loading() == null && slot.lastFailure() != null;
            if (current == null && settled && config.readyWithoutModel()) {
                response.withData(slot.name(), "no model: " + slot.lastFailure().reason());
            } else if (current == null) {
                response.down().withData(slot.name(), slot.lastFailure() == null ? "loading"
                        : "not loaded: " + slot.lastFailure().reason());
            } else {
                response.withData(slot.name(), current.version().label());
            }
        }
        return response.build();
    }
}
