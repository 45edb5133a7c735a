package io.tuneline.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tuneline.corpus.support.SupportChat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --chats FILE: a user's DialogSum-style JSONL becomes the stream's chats, and a bad line is named. */
class ChatsFileTest {

    @TempDir
    Path dir;

    @Test
    void readsDialogSumLinesWithIdOrFnameAndAnOptionalTopic() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("{\"fname\":\"dev_0\",\"dialogue\":\"#Person1#: Hi.\\n#Person2#: Hello.\",\"summary\":\"They greet.\",\"topic\":\"greeting\"}");
        lines.add("");
        for (int i = 1; i < 10; i++) {
            lines.add("{\"id\":\"x" + i + "\",\"dialogue\":\"d" + i + "\",\"summary\":\"s" + i + "\"}");
        }
        Path file = Files.write(dir.resolve("chats.jsonl"), lines);

        List<SupportChat> chats = ChatsFile.read(file, "run1-");

        assertThat(chats).hasSize(10);
        assertThat(chats.get(0)).isEqualTo(new SupportChat("run1-dev_0", "#Person1#: Hi.\n#Person2#: Hello.",
                "They greet.", "greeting", "run1-dev_0"));
        assertThat(chats.get(1).id()).isEqualTo("run1-x1");
        assertThat(chats.get(1).topic()).isNull();
    }

    @Test
    void aBadLineIsNamedWithItsNumber() throws IOException {
        Path missing = Files.write(dir.resolve("missing.jsonl"), List.of(
                "{\"id\":\"a\",\"dialogue\":\"d\",\"summary\":\"s\"}", "{\"id\":\"b\",\"dialogue\":\"d\"}"));
        Path broken = Files.write(dir.resolve("broken.jsonl"), List.of("{\"id\":\"a\",", "x"));
        Path twice = Files.write(dir.resolve("twice.jsonl"), List.of(
                "{\"id\":\"a\",\"dialogue\":\"d\",\"summary\":\"s\"}", "{\"id\":\"a\",\"dialogue\":\"e\",\"summary\":\"t\"}"));
        Path few = Files.write(dir.resolve("few.jsonl"), List.of("{\"id\":\"a\",\"dialogue\":\"d\",\"summary\":\"s\"}"));

        assertThatThrownBy(() -> ChatsFile.read(missing, "")).isInstanceOf(StackException.class)
                .hasMessageContaining("line 2").hasMessageContaining("'summary'");
        assertThatThrownBy(() -> ChatsFile.read(broken, "")).hasMessageContaining("line 1: not a JSON object");
        assertThatThrownBy(() -> ChatsFile.read(twice, "")).hasMessageContaining("line 2: id 'a' appears twice");
        assertThatThrownBy(() -> ChatsFile.read(few, "")).hasMessageContaining("at least 10");
        assertThatThrownBy(() -> ChatsFile.read(dir.resolve("none.jsonl"), "")).hasMessageContaining("cannot read");
    }
}
