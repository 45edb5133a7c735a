package io.tuneline.corpus.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SupportChatsTest {

    @Test
    void theSameSeedGivesTheSameChats() {
        assertThat(SupportChats.generate(200, 7, "c")).isEqualTo(SupportChats.generate(200, 7, "c"));
        assertThat(SupportChats.generate(50, 8, "c")).isNotEqualTo(SupportChats.generate(50, 7, "c"));
    }

    @Test
    void chatsAreDistinctAndCarryIdTopicAndCustomer() {
        List<SupportChat> chats = SupportChats.generate(1000, 1, "chat");
        assertThat(chats.stream().map(SupportChat::id).distinct()).hasSize(1000);
        assertThat(chats.stream().map(SupportChat::dialogue).distinct()).hasSize(1000);
        assertThat(chats.get(0).id()).isEqualTo("chat-00001");
        assertThat(chats).allSatisfy(chat -> {
            assertThat(chat.customerId()).matches("cust-\\d{5}");
            assertThat(chat.dialogue()).startsWith("#Person1#: ").contains("\n#Person2#: ");
            assertThat(chat.summary()).startsWith("The customer").containsIgnoringCase("the agent")
                    .doesNotContain("#Person");
        });
        assertThat(chats.stream().map(SupportChat::topic).collect(Collectors.toSet())).containsExactlyInAnyOrder(
                "delivery", "refund", "password reset", "hotel check-in", "billing", "subscription", "damaged item",
                "address change");
        assertThat(chats.stream().map(SupportChat::summary).distinct().count()).isGreaterThan(900);
    }

    @Test
    void memorisingTheTrainingSplitDoesNotAnswerTheTestSplit() {
        List<SupportChat> chats = SupportChats.generate(1000, 3, "chat");
        List<SupportChat> train = chats.subList(0, 800);
        List<SupportChat> test = chats.subList(800, 1000);
        Set<String> trainDialogues = train.stream().map(SupportChat::dialogue).collect(Collectors.toSet());
        Set<String> trainSummaries = new HashSet<>(train.stream().map(SupportChat::summary).toList());
        assertThat(test).noneMatch(chat -> trainDialogues.contains(chat.dialogue()));
        long memorised = test.stream().filter(chat -> trainSummaries.contains(chat.summary())).count();
        assertThat(memorised).isLessThan(10);
    }
}
