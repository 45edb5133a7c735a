package io.tuneline.dataset.ingest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One row's bytes, held up to the cap and only counted beyond it. */
class RowBufferTest {

    @Test
    void bytesAreKeptUpToTheCapAndTheRestOnlyMarksTheRowAsOverflowed() {
        RowBuffer row = new RowBuffer(3000);
        for (int i = 0; i < 5000; i++) {
            row.append('a' + i % 26);
        }

        assertThat(row.length()).isEqualTo(3000);
        assertThat(row.overflowed()).isTrue();
        assertThat(row.bytes().length).as("never grows past the cap").isEqualTo(3000);
        assertThat(row.copy()).hasSize(3000).startsWith((byte) 'a', (byte) 'b', (byte) 'c');
    }

    @Test
    void aRowThatFitsExactlyHasNotOverflowed() {
        RowBuffer row = new RowBuffer(4);
        append(row, "abcd");

        assertThat(row.overflowed()).isFalse();
        assertThat(row.copy()).isEqualTo("abcd".getBytes());
    }

    @Test
    void clearingStartsTheNextRowWithoutTheLastOnesBytesOrOverflow() {
        RowBuffer row = new RowBuffer(4);
        append(row, "too long");
        row.clear();
        append(row, "ok");

        assertThat(row.overflowed()).isFalse();
        assertThat(row.copy()).isEqualTo("ok".getBytes());
    }

    @Test
    void bytesAboveSevenBitsArriveUnchanged() {
        RowBuffer row = new RowBuffer(10);
        row.append(0xC3);
        row.append(0xBC);
        row.append(0xFF);

        assertThat(row.copy()).containsExactly((byte) 0xC3, (byte) 0xBC, (byte) 0xFF);
    }

    private static void append(RowBuffer row, String text) {
        for (byte b : text.getBytes()) {
            row.append(b);
        }
    }
}
