package io.tuneline.trainer.testing;

import io.tuneline.trainer.config.TrainerConfig;

import java.time.Duration;
import java.util.Optional;

/** trainer-service's configuration for unit tests: only the retraining defaults are read there. */
public record TestTrainerConfig(boolean retrainingEnabled, String defaultBaseModel) implements TrainerConfig {

    @Override
    public String executor() {
        return "local";
    }

    @Override
    public Worker worker() {
        throw new UnsupportedOperationException("no worker in unit tests");
    }

    @Override
    public Local local() {
        throw new UnsupportedOperationException("no local executor in unit tests");
    }

    @Override
    public Kubernetes kubernetes() {
        throw new UnsupportedOperationException("no Kubernetes executor in unit tests");
    }

    @Override
    public Retraining retraining() {
        return new Retraining() {
            @Override
            public boolean enabled() {
                return retrainingEnabled;
            }

            @Override
            public long minNewExamples() {
                return 100;
            }

            @Override
            public Duration minInterval() {
                return Duration.ofHours(1);
            }

            @Override
            public Optional<String> baseModel() {
                return Optional.ofNullable(defaultBaseModel);
            }

            @Override
            public int epochs() {
                return 1;
            }
        };
    }
}
