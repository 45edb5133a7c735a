package io.tuneline.testsupport.process;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineOptionsTest {

    private static final Set<String> KNOWN = Set.of("port", "dir", "topics");

    @Test
    void readsSpaceAndEqualsForms() {
        CommandLineOptions options = CommandLineOptions.parse(
                new String[] {"--port", "9092", "--dir=/tmp/kafka", "--topics", "a, b,,c"}, KNOWN);

        assertThat(options.port("port")).isEqualTo(9092);
        assertThat(options.requiredPath("dir")).isEqualTo(Path.of("/tmp/kafka"));
        assertThat(options.list("topics")).containsExactly("a", "b", "c");
    }

    @Test
    void absentOptionsFallBack() {
        CommandLineOptions options = CommandLineOptions.parse(new String[0], KNOWN);

        assertThat(options.port("port")).isZero();
        assertThat(options.list("topics")).isEmpty();
        assertThat(options.text("port", "fallback")).isEqualTo("fallback");
        assertThatThrownBy(() -> options.requiredPath("dir")).hasMessageContaining("--dir is required");
    }

    @Test
    void rejectsUnknownMalformedAndIncompleteOptions() {
        assertThatThrownBy(() -> CommandLineOptions.parse(new String[] {"--colour", "red"}, KNOWN))
                .hasMessageContaining("Unknown option --colour");
        assertThatThrownBy(() -> CommandLineOptions.parse(new String[] {"9092"}, KNOWN))
                .hasMessageContaining("Expected an option");
        assertThatThrownBy(() -> CommandLineOptions.parse(new String[] {"--port"}, KNOWN))
                .hasMessageContaining("--port needs a value");
        assertThatThrownBy(() -> CommandLineOptions.parse(new String[] {"--port", "x"}, KNOWN).port("port"))
                .hasMessageContaining("not a port");
    }
}
