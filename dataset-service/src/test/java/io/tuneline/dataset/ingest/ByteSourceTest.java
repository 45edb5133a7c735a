package io.tuneline.dataset.ingest;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The upload body as bytes: a leading UTF-8 byte-order mark dropped, nothing else changed. */
class ByteSourceTest {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @Test
    void aLeadingByteOrderMarkIsDropped() {
        assertThat(readAll(concat(BOM, "id,input".getBytes()))).isEqualTo("id,input".getBytes());
        assertThat(readAll(BOM)).isEmpty();
    }

    @Test
    void aByteOrderMarkAnywhereElseOrOnlyPartlyThereIsContent() {
        byte[] inside = concat("a".getBytes(), BOM);
        byte[] partial = {(byte) 0xEF, (byte) 0xBB, 'x'};
        byte[] twoBytesOnly = {(byte) 0xEF, (byte) 0xBB};

        assertThat(readAll(inside)).isEqualTo(inside);
        assertThat(readAll(partial)).isEqualTo(partial);
        assertThat(readAll(twoBytesOnly)).isEqualTo(twoBytesOnly);
        assertThat(readAll(concat(BOM, BOM))).isEqualTo(BOM);
    }

    @Test
    void everyByteArrivesAcrossBufferRefillsAndShortReads() {
        byte[] body = new byte[200_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        body[0] = 'x';
        // A network stream hands out a few bytes at a time, the byte-order mark split across reads.
        InputStream trickle = new ByteArrayInputStream(concat(BOM, body)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + pos % 7));
            }
        };

        assertThat(readAll(new ByteSource(trickle))).isEqualTo(body);
    }

    @Test
    void aBrokenConnectionIsAnInterruptedUpload() {
        InputStream broken = new InputStream() {
            private int left = 10;

            @Override
            public int read() {
                throw new AssertionError("ByteSource reads in blocks");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left-- > 0) {
                    b[off] = 'a';
                    return 1;
                }
                throw new SocketTimeoutException("Read timed out");
            }
        };
        ByteSource source = new ByteSource(broken);

        assertThatThrownBy(() -> {
            while (source.read() != -1) {
                // drain
            }
        }).isInstanceOfSatisfying(UploadInterruptedException.class, e -> assertThat(e.timedOut()).isTrue());
    }

    private static byte[] readAll(byte[] body) {
        return readAll(new ByteSource(new ByteArrayInputStream(body)));
    }

    private static byte[] readAll(ByteSource source) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b = source.read(); b != -1; b = source.read()) {
            out.write(b);
        }
        assertThat(source.read()).isEqualTo(-1);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
