package io.tuneline.inference.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TokenEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void itsJsonIsWhatJacksonWritesAndReadsBack() throws Exception {
        String[] texts = {"", " The", "\"quoted\" and \\ back", "line\nbreak\ttab\r", "\u0001\u001f control",
                " caf\u00e9 \u20ac \ud83d\ude00", "</script>"};
        for (String text : texts) {
            TokenEvent event = new TokenEvent(7, 32_099L, text);

            assertThat(event.toJson()).isEqualTo(JSON.writeValueAsString(event));
            assertThat(JSON.readValue(event.toJson(), TokenEvent.class)).isEqualTo(event);
        }
    }
}
