package io.tuneline.corpus.pretrain;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneline.corpus.general.GeneralTasks;
import io.tuneline.corpus.prompt.PromptExample;
import io.tuneline.model.io.T5Checkpoint;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import io.tuneline.model.tokenizer.T5Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The committed checkpoint models/tuneline-t5-mini: it loads, answers, and has learned its tasks. */
class BuiltInModelTest {

    static final Path MODEL = Path.of("..", "models", "tuneline-t5-mini");

    static T5ForConditionalGeneration model;
    static QualityCheck check;

    @BeforeAll
    static void load() {
        model = T5Checkpoint.load(MODEL);
        T5Tokenizer tokenizer = model.tokenizer().orElseThrow();
        check = new QualityCheck(model, tokenizer, 48);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void isASmallFlanT5ShapedCheckpointUnderTwentyMegabytes() throws Exception {
        assertThat(model.config().gatedActivation()).isTrue();
        assertThat(model.config().tieWordEmbeddings()).isFalse();
        assertThat(model.config().denseActivation()).isEqualTo("gelu_new");
        assertThat(Files.size(MODEL.resolve("model.safetensors"))).isLessThan(20_000_000);
        long[] ids = model.tokenizer().orElseThrow().encode("Summarize the following conversation.");
        assertThat(ids).endsWith(1L);
        assertThat(Arrays.stream(ids)).allMatch(id -> id < model.config().vocabSize());
    }

    @Test
    void summarizesAnUnseenDialogueInDialogSumStyle() {
        String answer = check.answers(List.of("Summarize the following conversation.\n\n"
                + "#Person1#: Are you free on Thursday evening?\n#Person2#: Nothing special. Why?\n"
                + "#Person1#: Would you like to have dinner at the Golden Wok?\n#Person2#: I'd love to. When should"
                + " we meet?\n#Person1#: Let's meet at 7 pm.\n#Person2#: Perfect, see you then.")).get(0);
        assertThat(answer).isNotBlank().contains("#Person");
    }

    @Test
    void tellsPositiveFromNegativeOnHeldOutSentences() {
        List<PromptExample> sentiment = GeneralTasks.heldOut(24, 5).stream()
                .filter(example -> example.task().equals(GeneralTasks.SENTIMENT)).toList();
        List<QualityCheck.TaskScore> scores = check.score(sentiment);
        assertThat(scores.get(0).score()).isGreaterThanOrEqualTo(0.9);
    }
}
