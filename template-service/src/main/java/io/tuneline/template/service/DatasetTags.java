package io.tuneline.template.service;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** What kind of data a dataset holds, as tags that decide which domain-specific phrasings suit it. */
public final class DatasetTags {

    /** The tag of datasets whose dialogues are support chats. */
    public static final String SUPPORT_CHAT = "support-chat";

    private DatasetTags() {
    }

    /**
     * The tags a request gives, plus {@link #SUPPORT_CHAT} when the dataset id matches one of
     * {@code supportChatGlobs} ({@code *} stands for any characters).
     */
    public static Set<String> of(String datasetId, List<String> requested, List<String> supportChatGlobs) {
        Set<String> tags = new TreeSet<>(requested == null ? List.of() : requested);
        if (supportChatGlobs.stream().anyMatch(glob -> datasetId.matches(regex(glob)))) {
            tags.add(SUPPORT_CHAT);
        }
        return tags;
    }

    private static String regex(String glob) {
        return Arrays.stream(glob.strip().split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
    }
}
