package io.tuneline.model.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * bfloat16 conversions done on the host: DJL 0.36's PyTorch engine aborts the JVM when it creates or casts to
 * a bfloat16 tensor, so bf16 checkpoints are widened (and narrowed when saving) here, one tensor at a time.
 * A bfloat16 is the upper half of a float32.
 */
final class BFloat16 {

    private BFloat16() {
    }

    /** Little-endian bf16 values to a new direct little-endian float32 buffer. */
    static ByteBuffer widen(ByteBuffer bf16) {
        int count = bf16.remaining() / 2;
        ByteBuffer source = bf16.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer widened = ByteBuffer.allocateDirect(count * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            widened.putInt(i * 4, (source.getShort(source.position() + i * 2) & 0xffff) << 16);
        }
        return widened;
    }

    /** Little-endian float32 values to little-endian bf16, rounding to nearest even like torch. */
    static ByteBuffer narrow(ByteBuffer float32) {
        int count = float32.remaining() / 4;
        ByteBuffer source = float32.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer narrowed = ByteBuffer.allocate(count * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            int bits = source.getInt(source.position() + i * 4);
            short value;
            if (Float.isNaN(Float.intBitsToFloat(bits))) {
                value = (short) 0x7fc0;
            } else {
                value = (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
            }
            narrowed.putShort(i * 2, value);
        }
        return narrowed;
    }
}
