package io.tuneline.cli.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class UpCommandTest {

    private static final Pattern HTTP_PORT_DEFAULT = Pattern.compile("quarkus\\.http\\.port=\\$\\{HTTP_PORT:(\\d+)}");

    /** The launcher's fixed ports are the ones each service uses when HTTP_PORT is not set, as the README says. */
    @ParameterizedTest
    @CsvSource({
            "--dataset-port, dataset-service",
            "--template-port, template-service",
            "--trainer-port, trainer-service",
            "--eval-port, eval-service",
            "--inference-port, inference-service"})
    void servicePortsDefaultToTheServicesOwnDefaults(String option, String module) throws IOException {
        String properties = Files.readString(StackLayout.findRepoRootOfLauncher()
                .resolve(module).resolve("src/main/resources/application.properties"));
        Matcher serviceDefault = HTTP_PORT_DEFAULT.matcher(properties);
        assertThat(serviceDefault.find()).as("%s sets quarkus.http.port from HTTP_PORT", module).isTrue();

        CommandLine.Model.OptionSpec launcherOption = new CommandLine(new UpCommand()).getCommandSpec().findOption(option);

        assertThat(launcherOption.defaultValue()).isEqualTo(serviceDefault.group(1));
    }

    @Test
    void givesEachServiceWhatTheStoryNeeds(@TempDir Path repo) throws IOException {
        StackLayout layout = StackLayout.forRepository(repo, null);
        TokenizerFile tokenizer = new TokenizerFile(Path.of("/repo/models/m/tokenizer.json"), "t", true);
        StoryRun story = StoryRun.startingNow(Clock.fixed(Instant.parse("2026-11-27T01:02:03Z"), ZoneOffset.UTC), repo,
                true, true);

        Map<Service, Map<String, String>> withStory = UpCommand.serviceSettings(layout, tokenizer, story);
        Map<Service, Map<String, String>> withoutStory = UpCommand.serviceSettings(layout, tokenizer, null);

        assertThat(withStory).containsOnlyKeys(Service.TEMPLATE, Service.DATASET, Service.TRAINER, Service.EVAL,
                Service.INFERENCE);
        assertThat(withStory.get(Service.TEMPLATE)).containsOnly(entry("TUNELINE_TEMPLATE_TOKENIZER_PATH",
                "/repo/models/m/tokenizer.json"));
        assertThat(withStory.get(Service.DATASET)).isEqualTo(story.datasetServiceEnvironment())
                .containsEntry("TUNELINE_DATASET_STREAM_DATASET_ID", "support-chats-20261127-010203");
        assertThat(withStory.get(Service.TRAINER)).containsEntry("TUNELINE_TRAINER_RETRAINING_ENABLED", "true");
        assertThat(withStory.get(Service.INFERENCE)).containsEntry("TUNELINE_INFERENCE_READY_WITHOUT_MODEL", "true")
                .containsEntry("TUNELINE_INFERENCE_MODELS", StoryRun.MODEL_NAME);

        Path evalSettings = Path.of(URI.create(withStory.get(Service.EVAL).get("QUARKUS_CONFIG_LOCATIONS")));
        assertThat(evalSettings).startsWith(layout.dataDir()).isRegularFile();
        Properties eval = new Properties();
        try (var in = Files.newInputStream(evalSettings)) {
            eval.load(in);
        }
        assertThat(eval.getProperty("tuneline.eval.base-shots")).isEqualTo("0,1,3");
        assertThat(eval.getProperty("tuneline.eval.forgetting-suite[0].location"))
                .startsWith("s3://tuneline-prompts/_general/heldout-").endsWith(".jsonl");
        assertThat(eval.getProperty("tuneline.eval.forgetting-suite[0].metric")).isIn("exactMatch", "rougeL");

        assertThat(withoutStory).containsOnlyKeys(Service.TEMPLATE, Service.TRAINER, Service.INFERENCE);
    }

    @Test
    void countsTokensWithTheBuiltInModelsTokenizerUnlessOneIsGiven(@TempDir Path repo) throws IOException {
        StackLayout layout = StackLayout.forRepository(repo, null);
        UpCommand up = new UpCommand();
        new CommandLine(up).parseArgs();
        assertThatThrownBy(() -> up.tokenizer(layout)).isInstanceOf(StackException.class)
                .hasMessageContaining("the built-in base model is missing");

        Path builtIn = Files.createDirectories(repo.resolve("models").resolve(StoryRun.BASE_MODEL))
                .resolve("tokenizer.json");
        Files.writeString(builtIn, "{}");
        TokenizerFile shipped = up.tokenizer(layout);
        assertThat(shipped.builtIn()).isTrue();
        assertThat(shipped.shown()).isEqualTo("models/" + StoryRun.BASE_MODEL + "/tokenizer.json");
        assertThat(shipped.file()).isRegularFile();

        Path real = Files.writeString(repo.resolve("flan-t5-tokenizer.json"), "{}");
        new CommandLine(up).parseArgs("--tokenizer", real.toString());
        assertThat(up.tokenizer(layout)).isEqualTo(new TokenizerFile(real.toAbsolutePath(), "flan-t5-tokenizer.json", false));

        new CommandLine(up).parseArgs("--tokenizer", repo.resolve("missing.json").toString());
        assertThatThrownBy(() -> up.tokenizer(layout)).isInstanceOf(StackException.class)
                .hasMessageContaining("missing.json: no such file");
    }

    @Test
    void storyOptionsDefaultToTheWholeStoryAndEachSwitchesOnePartOff() {
        UpCommand up = new UpCommand();
        new CommandLine(up).parseArgs("--smoke");
        assertThat(up.noDemo).isFalse();
        assertThat(up.quick).isFalse();
        assertThat(up.noMixture).isFalse();
        assertThat(up.keepData).isFalse();

        new CommandLine(up).parseArgs("--smoke", "--quick", "--no-mixture", "--keep-data", "--summary-json", "s.json");
        assertThat(up.quick).isTrue();
        assertThat(up.noMixture).isTrue();
        assertThat(up.keepData).isTrue();
        assertThat(up.summaryJson).isEqualTo(Path.of("s.json"));

        new CommandLine(up).parseArgs("--smoke", "--no-demo");
        assertThat(up.noDemo).isTrue();
    }
}
