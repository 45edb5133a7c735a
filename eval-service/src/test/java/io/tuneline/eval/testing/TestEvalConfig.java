package io.tuneline.eval.testing;

import io.tuneline.eval.config.EvalConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@link EvalConfig} as a plain value for unit tests: the defaults of {@code application.properties} (gate on
 * ROUGE-L, margin 0, tolerance 5 %, auto-promotion), a small bootstrap, short generation, and withers for what a
 * test varies.
 */
public record TestEvalConfig(Path cacheDir, String targetMetric, double margin, double tolerance,
                             boolean autoPromote, List<Integer> baseShots, List<HeldOutTask> forgettingSuite)
        implements EvalConfig {

    /** One held-out task of the forgetting suite. */
    public record Task(String name, String location, String metric, Optional<Integer> limit)
            implements EvalConfig.HeldOutTask {
    }

    public static TestEvalConfig defaults(Path cacheDir) {
        return new TestEvalConfig(cacheDir, "rougeL", 0.0, 0.05, true, List.of(0), List.of());
    }

    public TestEvalConfig withForgettingSuite(HeldOutTask... tasks) {
        return new TestEvalConfig(cacheDir, targetMetric, margin, tolerance, autoPromote, baseShots,
                List.of(tasks));
    }

    public TestEvalConfig withCacheDir(Path dir) {
        return new TestEvalConfig(dir, targetMetric, margin, tolerance, autoPromote, baseShots, forgettingSuite);
    }

    public TestEvalConfig withAutoPromote(boolean enabled) {
        return new TestEvalConfig(cacheDir, targetMetric, margin, tolerance, enabled, baseShots, forgettingSuite);
    }

    public TestEvalConfig withTargetMetric(String metric) {
        return new TestEvalConfig(cacheDir, metric, margin, tolerance, autoPromote, baseShots, forgettingSuite);
    }

    @Override
    public Gate gate() {
        return new Gate() {
            @Override
            public String targetMetric() {
                return targetMetric;
            }

            @Override
            public double margin() {
                return margin;
            }

            @Override
            public double forgettingTolerance() {
                return tolerance;
            }

            @Override
            public double suiteTolerance() {
                return tolerance;
            }

            @Override
            public boolean autoPromote() {
                return autoPromote;
            }
        };
    }

    @Override
    public int maxInputTokens() {
        return 512;
    }

    @Override
    public boolean useStemmer() {
        return true;
    }

    @Override
    public Generation generation() {
        return new Generation() {
            @Override
            public int maxNewTokens() {
                return 8;
            }

            @Override
            public int numBeams() {
                return 1;
            }

            @Override
            public int batchSize() {
                return 4;
            }
        };
    }

    /** Short enough that a test waits for a dead holder's lease in seconds. */
    @Override
    public Lease lease() {
        return new Lease() {
            @Override
            public Duration ttl() {
                return Duration.ofSeconds(3);
            }

            @Override
            public Duration settle() {
                return Duration.ofMillis(300);
            }

            @Override
            public Duration poll() {
                return Duration.ofMillis(100);
            }
        };
    }

    @Override
    public Bootstrap bootstrap() {
        return new Bootstrap() {
            @Override
            public int samples() {
                return 200;
            }

            @Override
            public double confidence() {
                return 0.95;
            }

            @Override
            public long seed() {
                return 42;
            }
        };
    }
}
