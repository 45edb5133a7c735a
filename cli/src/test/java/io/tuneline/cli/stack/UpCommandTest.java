package io.tuneline.cli.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
    void givesTemplateServiceTheTokenizerAndDatasetServiceTheDemosStreamSettings() {
        DemoReport.Tokenizer tokenizer = new DemoReport.Tokenizer(Path.of("/data/demo/tokenizer.json"), "t", true);
        DemoRun demo = new DemoRun("support-demo-x", "chat-x-", 5);

        Map<Service, Map<String, String>> withDemo = UpCommand.serviceSettings(tokenizer, demo);
        Map<Service, Map<String, String>> withoutDemo = UpCommand.serviceSettings(tokenizer, null);

        assertThat(withDemo).containsOnlyKeys(Service.TEMPLATE, Service.DATASET, Service.INFERENCE);
        assertThat(withDemo.get(Service.TEMPLATE)).containsOnly(entry("TUNELINE_TEMPLATE_TOKENIZER_PATH", "/data/demo/tokenizer.json"));
        assertThat(withDemo.get(Service.DATASET)).isEqualTo(demo.datasetServiceEnvironment());
        assertThat(withoutDemo).containsOnlyKeys(Service.TEMPLATE, Service.INFERENCE);
        assertThat(withoutDemo.get(Service.INFERENCE)).containsOnly(entry("TUNELINE_INFERENCE_READY_WITHOUT_MODEL",
                "true"));
    }

    @Test
    void writesTheDemoTokenizerIntoTheDataDirectoryUnlessOneIsGiven(@TempDir Path repo) throws IOException {
        StackLayout layout = StackLayout.forRepository(repo, null);
        UpCommand up = new UpCommand();
        new CommandLine(up).parseArgs();

        DemoReport.Tokenizer demo = up.tokenizer(layout);

        assertThat(demo.demo()).isTrue();
        assertThat(demo.shown()).isEqualTo(".tuneline/demo/tokenizer.json");
        assertThat(demo.file()).isRegularFile().startsWith(repo.toAbsolutePath());

        Path real = Files.writeString(repo.resolve("flan-t5-tokenizer.json"), "{}");
        new CommandLine(up).parseArgs("--tokenizer", real.toString());
        assertThat(up.tokenizer(layout)).isEqualTo(new DemoReport.Tokenizer(real.toAbsolutePath(), "flan-t5-tokenizer.json", false));

        new CommandLine(up).parseArgs("--tokenizer", repo.resolve("missing.json").toString());
        assertThatThrownBy(() -> up.tokenizer(layout)).isInstanceOf(StackException.class)
                .hasMessageContaining("missing.json: no such file");
    }

    @Test
    void runsTheDemoUnlessToldNot() {
        UpCommand up = new UpCommand();
        new CommandLine(up).parseArgs("--smoke");
        assertThat(up.noDemo).isFalse();

        new CommandLine(up).parseArgs("--smoke", "--no-demo");
        assertThat(up.noDemo).isTrue();
    }
}
