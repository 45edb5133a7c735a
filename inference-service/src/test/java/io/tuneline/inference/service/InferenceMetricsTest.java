package io.tuneline.inference.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tuneline.inference.model.ServedModel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The meters on Micrometer's in-memory registry (the Prometheus registry names them {@code tuneline_inference_*}). */
class InferenceMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InferenceMetrics metrics = new InferenceMetrics(registry);

    @Test
    void aFinishedRequestRecordsItsLatencyTokensAndDecodingSpeed() {
        metrics.finished("m", "eos", Duration.ofMillis(400), 11, Duration.ofMillis(250));
        metrics.finished("m", "length", Duration.ofMillis(600), 9, Duration.ofMillis(200));

        var eos = registry.get("tuneline.inference.request").tags("model", "m", "outcome", "eos").timer();
        assertThat(eos.count()).isEqualTo(1);
        assertThat(eos.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(400);
        assertThat(registry.get("tuneline.inference.request").tag("outcome", "length").timer().count()).isEqualTo(1);
        assertThat(registry.get("tuneline.inference.generated.tokens").tag("model", "m").counter().count())
                .isEqualTo(20);
        // tokens after the first per second of decoding: 10 / 0.25 s and 8 / 0.2 s
        var speed = registry.get("tuneline.inference.request.tokens.per.second").summary();
        assertThat(speed.count()).isEqualTo(2);
        assertThat(speed.mean()).isCloseTo(40.0, within(1e-9));
    }

    @Test
    void aRequestWithoutDecodingRecordsNoSpeed() {
        metrics.finished("m", "timeout", Duration.ofSeconds(60), 0, Duration.ZERO);
        metrics.finished("m", "eos", Duration.ofMillis(50), 1, Duration.ofMillis(3));

        assertThat(registry.find("tuneline.inference.request.tokens.per.second").summary()).isNull();
        assertThat(registry.get("tuneline.inference.request").tag("outcome", "timeout").timer().count()).isEqualTo(1);
    }

    @Test
    void timeToFirstTokenIsRecordedPerModel() {
        metrics.firstToken("a", Duration.ofMillis(30));
        metrics.firstToken("a", Duration.ofMillis(50));
        metrics.firstToken("b", Duration.ofMillis(70));

        var first = registry.get("tuneline.inference.time.to.first.token").tag("model", "a").timer();
        assertThat(first.count()).isEqualTo(2);
        assertThat(first.max(TimeUnit.MILLISECONDS)).isEqualTo(50);
        assertThat(registry.get("tuneline.inference.time.to.first.token").tag("model", "b").timer().count())
                .isEqualTo(1);
    }

    @Test
    void loadCountersCountPerModelName() {
        metrics.baseLoaded("m");
        metrics.adapterLoaded("m");
        metrics.adapterLoaded("m");
        metrics.adapterEvicted("m");
        metrics.adapterLoaded("other");

        assertThat(registry.get("tuneline.inference.base.loads").tag("model", "m").counter().count()).isEqualTo(1);
        assertThat(registry.get("tuneline.inference.adapter.loads").tag("model", "m").counter().count()).isEqualTo(2);
        assertThat(registry.get("tuneline.inference.adapter.evictions").tag("model", "m").counter().count())
                .isEqualTo(1);
    }

    @Test
    void engineGaugesOfANameWithoutAModelReadZero() {
        metrics.watch(new ServedModel("empty"));

        assertThat(registry.get("tuneline.inference.batch.size").tag("model", "empty").gauge().value()).isZero();
        assertThat(registry.get("tuneline.inference.queue.depth").tag("model", "empty").gauge().value()).isZero();
        assertThat(registry.get("tuneline.inference.adapters.loaded").tag("model", "empty").gauge().value()).isZero();
    }
}
