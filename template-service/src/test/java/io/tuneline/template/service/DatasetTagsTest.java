package io.tuneline.template.service;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetTagsTest {

    private static final List<String> GLOBS = List.of("support-*", "*-tickets");

    @Test
    void supportChatDatasetsAreRecognisedByTheirIds() {
        assertThat(DatasetTags.of("support-chats", null, GLOBS)).containsExactly(DatasetTags.SUPPORT_CHAT);
        assertThat(DatasetTags.of("acme-tickets", List.of(), GLOBS)).containsExactly(DatasetTags.SUPPORT_CHAT);
        assertThat(DatasetTags.of("dialogsum", null, GLOBS)).isEmpty();
        assertThat(DatasetTags.of("my.support-x", null, GLOBS)).as("a glob matches the whole id").isEmpty();
    }

    @Test
    void requestedTagsAreKept() {
        assertThat(DatasetTags.of("dialogsum", List.of("support-chat", "legal"), List.of()))
                .containsExactly("legal", "support-chat");
    }
}
