package io.tuneline.model.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.RandomUtils;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DropoutTest {

    /**
     * The mask is compared lane by lane at once; this spells the rule out element by element: element i keeps
     * (scaled by 1 / (1 - rate)) when 16-bit draw i, the (i mod 4)-th lowest of the (i / 4)-th random long, is at
     * least round(rate * 2^16). Sizes cover the tail that does not fill a long.
     */
    @Test
    void keepsExactlyTheElementsWhoseDrawIsAtLeastTheRate() {
        for (int size : new int[] {1, 3, 4, 1_001, 4_096}) {
            for (float rate : new float[] {0.1f, 0.5f, 0.9f}) {
                Engine.getInstance().setRandomSeed(7);
                float[] dropped;
                try (NDManager manager = NDManager.newBaseManager()) {
                    dropped = Ops.dropout(manager.ones(new Shape(size)), rate, true).toFloatArray();
                }
                Engine.getInstance().setRandomSeed(7);
                SplittableRandom random = new SplittableRandom(RandomUtils.RANDOM.nextLong());
                int dropBelow = Math.round(rate * 65536f);
                float kept = 65536f / (65536 - dropBelow);
                long bits = 0;
                for (int i = 0; i < size; i++, bits >>>= 16) {
                    if (i % 4 == 0) {
                        bits = random.nextLong();
                    }
                    float expected = (bits & 0xFFFF) < dropBelow ? 0f : kept;
                    assertThat(dropped[i]).as("size %d rate %s element %d", size, rate, i).isEqualTo(expected);
                }
            }
        }
    }
}
