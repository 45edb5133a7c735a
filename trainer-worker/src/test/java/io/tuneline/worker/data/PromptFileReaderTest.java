package io.tuneline.worker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tuneline.model.tokenizer.T5Tokenizer;
import java.io.ByteArrayInputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reading prompt lines (contracts' PromptLine) into token ids, with the tiny fixture model's tokenizer. */
class PromptFileReaderTest {

    private static final long EOS = 1;
    private static final T5Tokenizer TOKENIZER = T5Tokenizer.load(fixture("/t5/flan-t5-tiny-untied/tokenizer.json"));

    private final PromptFileReader reader = new PromptFileReader(TOKENIZER, 512, 512, EOS);

    @Test
    void readsRenderedLinesAndUsersLinesWithFieldsOfTheirOwn() {
        PromptSet set = read("""
                {"prompt":"copy: Omar Hugo","completion":"Omar Hugo","task":"copy","templateId":"t","exampleId":"ex-1"}

                {"prompt":"reverse: Ben Nora","completion":"Nora Ben","source":"my-notes","score":0.5}
                """);

        assertThat(set.examples()).extracting(PromptExample::exampleId).containsExactly("ex-1", "line-3");
        assertThat(set.examples().get(0).tokens().inputIds()).isEqualTo(TOKENIZER.encode("copy: Omar Hugo"));
        assertThat(set.examples().get(1).tokens().labels()).isEqualTo(TOKENIZER.encode("Nora Ben"));
        assertThat(set.truncatedPrompts()).isZero();
    }

    @Test
    void longTextsAreCutKeepingTheClosingTokenAndCounted() {
        PromptFileReader short4 = new PromptFileReader(TOKENIZER, 4, 512, EOS);
        String prompt = "copy: Omar Hugo Elif Grace Ben Farid";

        PromptSet set = short4.read("train.jsonl", in("{\"prompt\":\"" + prompt + "\",\"completion\":\"Omar\"}"));

        long[] source = set.examples().get(0).tokens().inputIds();
        assertThat(TOKENIZER.encode(prompt).length).isGreaterThan(4);
        assertThat(source).hasSize(4).endsWith(EOS);
        assertThat(set.truncatedPrompts()).isEqualTo(1);
        assertThat(set.truncatedCompletions()).isZero();
    }

    @Test
    void aBadLineIsNamedWithFileLineAndReason() {
        String good = "{\"prompt\":\"copy: Omar\",\"completion\":\"Omar\"}\n";

        assertThatThrownBy(() -> read(good + "{\"prompt\":5,\"completion\":\"c\"}"))
                .isInstanceOf(BadPromptFileException.class)
                .hasMessage("train.jsonl line 2: 'prompt' must be a string");
        assertThatThrownBy(() -> read(good + good + "{\"prompt\":\"copy: Omar\",\"completion\":\" \"}"))
                .hasMessage("train.jsonl line 3: 'completion' is missing or empty");
        assertThatThrownBy(() -> read("{\"completion\":\"Omar\"}"))
                .hasMessage("train.jsonl line 1: 'prompt' is missing or empty");
        assertThatThrownBy(() -> read("[\"copy: Omar\",\"Omar\"]"))
                .hasMessage("train.jsonl line 1: expected a JSON object");
        assertThatThrownBy(() -> read("{oops")).hasMessageStartingWith("train.jsonl line 1: not valid JSON: ");
    }

    @Test
    void aFileWithoutExamplesIsRefused() {
        assertThatThrownBy(() -> read("\n  \n")).isInstanceOf(BadPromptFileException.class)
                .hasMessage("train.jsonl holds no prompt/completion pair");
    }

    private PromptSet read(String jsonl) {
        return reader.read("train.jsonl", in(jsonl));
    }

    private static ByteArrayInputStream in(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Path fixture(String resource) {
        try {
            return Path.of(PromptFileReaderTest.class.getResource(resource).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
