package io.tuneline.dataset.validation;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The open-addressing map behind the de-duplication index, checked against a HashMap. */
class LongLongTableTest {

    @Test
    void agreesWithAHashMapThroughGrowthCollisionsAndOverwrites() {
        LongLongTable table = new LongLongTable();
        Map<Long, Long> expected = new HashMap<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            // Few distinct keys among many puts (overwrites), spread over the whole long range, 0 and negatives too.
            long key = switch (i % 4) {
                case 0 -> random.nextLong();
                case 1 -> random.nextLong(-50, 50);
                case 2 -> (long) random.nextInt(4000) << 32; // same low bits: colliding slots before mixing
                default -> random.nextLong(0, 1 << 12);
            };
            long value = random.nextLong();
            table.put(key, value);
            expected.put(key, value);
        }

        assertThat(table.size()).isEqualTo(expected.size());
        expected.forEach((key, value) -> {
            assertThat(table.containsKey(key)).as("key %d", key).isTrue();
            assertThat(table.get(key)).as("key %d", key).isEqualTo(value);
        });
        for (long missing = 1L << 40; missing < (1L << 40) + 1000; missing++) {
            assertThat(table.containsKey(missing)).isFalse();
        }
    }

    @Test
    void aCopyAndItsOriginalGrowApart() {
        LongLongTable original = new LongLongTable();
        original.put(0, 1);
        original.put(-1, 2);
        LongLongTable copy = original.copy();
        copy.put(0, 99);
        copy.put(-2, 3);

        assertThat(original.get(0)).isEqualTo(1);
        assertThat(original.containsKey(-2)).isFalse();
        for (long key = 100; key < 5_000; key++) {
            copy.put(key, key);
        }

        assertThat(original.size()).isEqualTo(2);
        assertThat(original.get(0)).isEqualTo(1);
        assertThat(original.containsKey(100)).isFalse();
        assertThat(copy.size()).isEqualTo(4_903);
        assertThat(copy.get(0)).isEqualTo(99);
        assertThat(copy.get(-1)).isEqualTo(2);
    }
}
