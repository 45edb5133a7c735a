package io.tuneline.dataset.ingest;

import io.tuneline.contracts.text.StrictUtf8.InvalidUtf8Exception;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static io.tuneline.dataset.ingest.RowText.MAX_PAYLOAD_BYTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A rejected row's text as it travels in a dead letter: capped, never cut inside a character. */
class RowTextTest {

    @Test
    void aShortRowIsItsOwnPayload() {
        byte[] row = utf8("{\"input\": \"Grüße\"}");

        assertThat(RowText.payload(row, row.length, true)).isEqualTo("{\"input\": \"Grüße\"}");
    }

    @Test
    void onlyTheRowsOwnBytesCountNotTheRestOfTheBuffer() {
        byte[] buffer = utf8("first row|left over from a longer row");

        assertThat(RowText.payload(buffer, 9, true)).isEqualTo("first row");
    }

    @Test
    void aLongRowIsCutAtTheCap() {
        byte[] row = utf8("x".repeat(MAX_PAYLOAD_BYTES * 3));

        assertThat(RowText.payload(row, row.length, true)).hasSize(MAX_PAYLOAD_BYTES);
    }

    @Test
    void theCutNeverSplitsAMultiByteCharacter() {
        // A three-byte character straddles the cap: it is left out whole, not turned into U+FFFD.
        byte[] row = utf8("x".repeat(MAX_PAYLOAD_BYTES - 1) + "\u4e2d" + "tail");

        String payload = RowText.payload(row, row.length, true);

        assertThat(payload).isEqualTo("x".repeat(MAX_PAYLOAD_BYTES - 1)).doesNotContain("\uFFFD");
        byte[] emoji = utf8("y".repeat(MAX_PAYLOAD_BYTES - 2) + "\uD83D\uDE00");
        assertThat(RowText.payload(emoji, emoji.length, true)).isEqualTo("y".repeat(MAX_PAYLOAD_BYTES - 2));
    }

    @Test
    void aRowThatIsNotUtf8TravelsAsBase64OfItsCappedBytes() {
        byte[] row = new byte[MAX_PAYLOAD_BYTES + 100];
        row[0] = (byte) 0xFF;
        row[1] = (byte) 0xC3;

        byte[] decoded = Base64.getDecoder().decode(RowText.payload(row, row.length, false));

        assertThat(decoded).hasSize(MAX_PAYLOAD_BYTES);
        assertThat(decoded[0]).isEqualTo((byte) 0xFF);
    }

    @Test
    void decodingIsStrict() throws InvalidUtf8Exception {
        byte[] row = utf8("café and more");
        assertThat(RowText.decode(row, 5)).isEqualTo("café");

        byte[] broken = {'a', (byte) 0xC3, (byte) 0x28};
        assertThatThrownBy(() -> RowText.decode(broken, broken.length)).isInstanceOf(InvalidUtf8Exception.class);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
