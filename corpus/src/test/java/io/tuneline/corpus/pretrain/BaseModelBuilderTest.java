package io.tuneline.corpus.pretrain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.corpus.general.GeneralTasks;
import io.tuneline.model.io.T5Checkpoint;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaseModelBuilderTest {

    @TempDir
    Path dir;

    @Test
    void buildsALoadableCheckpointWithItsTokenizerAndReport() throws Exception {
        BaseModelRecipe tiny = new BaseModelRecipe(3, 300, 40, 400, 32, 64, 1, 2, 16, 4, 8, 1e-3, 1, 320, 2);
        StringWriter log = new StringWriter();

        BaseModelBuilder.Result result = new BaseModelBuilder(tiny, new PrintWriter(log)).build(dir, 1);

        assertThat(result.steps()).isEqualTo(4);
        assertThat(result.heldOut()).extracting(QualityCheck.TaskScore::task)
                .containsExactlyElementsOf(GeneralTasks.TASKS);
        assertThat(log.toString()).contains("step 4/4", "support chats zero-shot ROUGE-L");
        try (T5ForConditionalGeneration model = T5Checkpoint.load(dir)) {
            assertThat(model.config().vocabSize()).isEqualTo(result.vocabSize());
            assertThat(model.config().dropoutRate()).isEqualTo(0.1f);
            assertThat(model.tokenizer()).isPresent();
            assertThat(model.generationDefaults().maxNewTokens()).isEqualTo(64);
        }
        JsonNode report = new ObjectMapper().readTree(dir.resolve("pretraining.json").toFile());
        assertThat(report.path("recipe").path("seed").asLong()).isEqualTo(3);
        assertThat(report.path("heldOut").path("sentiment").path("metric").asText()).isEqualTo("exact-match");
        assertThat(report.path("parameters").asLong()).isEqualTo(result.parameters());
    }
}
