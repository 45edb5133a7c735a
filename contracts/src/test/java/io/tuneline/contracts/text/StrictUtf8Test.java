package io.tuneline.contracts.text;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictUtf8Test {

    @Test
    void decodesValidTextAndRefusesBadBytesWithTheirOffset() throws Exception {
        byte[] valid = "grüße 😀".getBytes(StandardCharsets.UTF_8);
        assertThat(StrictUtf8.decode(valid)).isEqualTo("grüße 😀");

        byte[] bad = {'a', 'b', (byte) 0xC3, 'c'};
        assertThatThrownBy(() -> StrictUtf8.decode(bad)).isInstanceOfSatisfying(
                StrictUtf8.InvalidUtf8Exception.class, e -> assertThat(e.byteOffset()).isEqualTo(2));
        assertThat(StrictUtf8.tryDecode(bad)).isEmpty();
        byte[] truncated = {'x', 'y', (byte) 0xE2, (byte) 0x82};
        assertThatThrownBy(() -> StrictUtf8.decode(truncated, 1, 3))
                .isInstanceOf(StrictUtf8.InvalidUtf8Exception.class);
    }
}
