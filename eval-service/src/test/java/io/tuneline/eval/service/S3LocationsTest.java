package io.tuneline.eval.service;

import io.tuneline.contracts.events.ObjectRef;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3LocationsTest {

    @Test
    void splitsBucketAndKeyAndIgnoresSurroundingWhitespace() {
        assertThat(S3Locations.parse(" s3://tuneline-models/base/t5-mini/ "))
                .isEqualTo(new ObjectRef("tuneline-models", "base/t5-mini/"));
    }

    @Test
    void refusesWhatIsNotAnS3LocationNamingIt() {
        for (String location : new String[] {"http://host/bucket/key", "s3://bucket-only", "s3://UPPER/key", "", null}) {
            assertThatThrownBy(() -> S3Locations.parse(location))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not an s3://bucket/key location: '" + location + "'");
        }
    }
}
