package io.tuneline.worker.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneline.model.train.Seq2SeqExample;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PromptSetTest {

    private static PromptSet set(String location, String idPrefix, int size, int truncated) {
        List<PromptExample> examples = IntStream.range(0, size)
                .mapToObj(i -> new PromptExample(idPrefix + i, new Seq2SeqExample(new long[] {i + 3, 1}, new long[] {1})))
                .toList();
        return new PromptSet(location, examples, truncated, 0);
    }

    @Test
    void generalExamplesMakeUpTheGivenFractionOfTheMixture() {
        PromptSet chats = set("train.jsonl", "chat-", 70, 1);
        PromptSet general = PromptSet.concat(List.of(set("a.jsonl", "a-", 40, 2), set("b.jsonl", "b-", 40, 0)));

        PromptSet mixed = chats.mixedWith(general, 0.3, 7);

        assertThat(mixed.size()).isEqualTo(100);
        assertThat(mixed.examples().subList(0, 70)).isEqualTo(chats.examples());
        assertThat(mixed.examples().subList(70, 100)).extracting(PromptExample::exampleId)
                .allMatch(id -> id.startsWith("a-") || id.startsWith("b-")).doesNotHaveDuplicates()
                .anyMatch(id -> id.startsWith("a-")).anyMatch(id -> id.startsWith("b-"));
        assertThat(mixed.truncatedPrompts()).isEqualTo(3);
        assertThat(mixed.location()).contains("train.jsonl").contains("30 from a.jsonl, b.jsonl");
    }

    @Test
    void theDrawIsSeededSoAResumedRunSeesTheSameData() {
        PromptSet chats = set("train.jsonl", "chat-", 50, 0);
        PromptSet general = set("g.jsonl", "g-", 200, 0);

        assertThat(chats.mixedWith(general, 0.5, 11).fingerprint())
                .isEqualTo(chats.mixedWith(general, 0.5, 11).fingerprint())
                .isNotEqualTo(chats.mixedWith(general, 0.5, 12).fingerprint());
    }

    @Test
    void aSmallPoolIsUsedWholeAndNoFractionLeavesTheSetAlone() {
        PromptSet chats = set("train.jsonl", "chat-", 90, 0);
        PromptSet general = set("g.jsonl", "g-", 5, 0);

        assertThat(chats.mixedWith(general, 0.5, 1).size()).isEqualTo(95);
        assertThat(chats.mixedWith(general, 0.0, 1)).isSameAs(chats);
    }
}
