package io.tuneline.inference.service;

import io.tuneline.inference.config.InferenceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link InferenceConfig} without Quarkus, for unit tests of the service classes: the defaults of the real mapping,
 * with the model names, fallbacks and a few limits a test chooses.
 */
record TestConfig(List<String> models, Map<String, String> fallback, String cacheDir, Limits limits)
        implements InferenceConfig {

    static TestConfig of(Path cacheDir, Map<String, String> fallback, String... models) {
        return new TestConfig(List.of(models), fallback, cacheDir.toString(), limits(512, 256));
    }

    /** The real defaults except the prompt and new-token limits. */
    static Limits limits(int maxInputTokens, int maxNewTokens) {
        return new Limits() {
            @Override
            public int queueSize() {
                return 64;
            }

            @Override
            public int retryAfterSeconds() {
                return 1;
            }

            @Override
            public Duration requestTimeout() {
                return Duration.ofSeconds(60);
            }

            @Override
            public int maxInputTokens() {
                return maxInputTokens;
            }

            @Override
            public int maxNewTokens() {
                return maxNewTokens;
            }

            @Override
            public int maxBatchPrompts() {
                return 4;
            }
        };
    }

    TestConfig withLimits(Limits other) {
        return new TestConfig(models, fallback, cacheDir, other);
    }

    @Override
    public boolean readyWithoutModel() {
        return false;
    }

    @Override
    public Batching batching() {
        return new Batching() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public int maxBatchSize() {
                return 8;
            }

            @Override
            public Duration maxWait() {
                return Duration.ofMillis(5);
            }

            @Override
            public int threads() {
                return 1;
            }
        };
    }

    @Override
    public Summarize summarize() {
        return new Summarize() {
            @Override
            public String template() {
                return "Summarize the chat{about_topic}.\n\n{dialogue}";
            }

            @Override
            public int maxNewTokens() {
                return 12;
            }

            @Override
            public Optional<Integer> numBeams() {
                return Optional.empty();
            }
        };
    }

    @Override
    public Adapters adapters() {
        return () -> 2;
    }
}
