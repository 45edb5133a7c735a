package io.tuneline.template.service;

import io.tuneline.template.engine.SelectionSampler;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComponentCursorTest {

    private int opened;
    private int closed;

    /** A split file whose openings and closings are counted. */
    private LineSource file(String text) {
        return () -> {
            opened++;
            return new BufferedReader(new StringReader(text)) {
                @Override
                public void close() throws IOException {
                    closed++;
                    super.close();
                }
            };
        };
    }

    @Test
    void takesEveryLineOnceInFileOrderAndNumbersLinesAsInTheFileBlankOnesIncluded() throws IOException {
        try (ComponentCursor cursor = new ComponentCursor(file("a\n\nb\nc\n"), new SelectionSampler(3, 3, 7))) {
            assertThat(List.of(cursor.next(), cursor.next(), cursor.next())).containsExactly(
                    new ComponentCursor.Selected("a", 1, 0), new ComponentCursor.Selected("b", 3, 0),
                    new ComponentCursor.Selected("c", 4, 0));
        }
        assertThat(opened).isEqualTo(1);
        assertThat(closed).isEqualTo(1);
    }

    @Test
    void oversamplingReadsTheFileAgainAndCountsThePass() throws IOException {
        List<ComponentCursor.Selected> taken = new ArrayList<>();
        try (ComponentCursor cursor = new ComponentCursor(file("a\nb\n"), new SelectionSampler(2, 4, 7))) {
            for (int i = 0; i < 4; i++) {
                taken.add(cursor.next());
            }
        }
        assertThat(taken).containsExactly(new ComponentCursor.Selected("a", 1, 0),
                new ComponentCursor.Selected("b", 2, 0), new ComponentCursor.Selected("a", 1, 1),
                new ComponentCursor.Selected("b", 2, 1));
        assertThat(opened).isEqualTo(2);
        assertThat(closed).isEqualTo(2);
    }

    @Test
    void undersamplingTakesASubsetInFileOrder() throws IOException {
        List<String> taken = new ArrayList<>();
        try (ComponentCursor cursor = new ComponentCursor(file("a\nb\nc\nd\ne\nf\n"),
                new SelectionSampler(6, 3, 7))) {
            for (int i = 0; i < 3; i++) {
                taken.add(cursor.next().line());
            }
        }
        assertThat(taken).hasSize(3).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void aFileShorterThanPlannedFailsInsteadOfInventingLines() throws IOException {
        try (ComponentCursor cursor = new ComponentCursor(file("a\nb\n"), new SelectionSampler(3, 3, 7))) {
            cursor.next();
            cursor.next();
            assertThatThrownBy(cursor::next).isInstanceOf(IOException.class).hasMessageContaining("ended early");
        }
    }
}
