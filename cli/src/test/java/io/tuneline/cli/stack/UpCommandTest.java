package io.tuneline.cli.stack;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

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
}
