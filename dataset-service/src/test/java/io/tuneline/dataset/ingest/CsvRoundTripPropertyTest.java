package io.tuneline.dataset.ingest;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.tuneline.dataset.ingest.JsonlRowReaderTest.readAll;
import static org.assertj.core.api.Assertions.assertThat;

/** Whatever texts a spreadsheet writes as RFC 4180 (quotes, commas, line breaks, multi-byte characters) read back unchanged. */
class CsvRoundTripPropertyTest {

    @Property(tries = 200)
    void quotedFieldsReadBackExactly(@ForAll @Size(min = 1, max = 20) List<@Size(3) List<@From("texts") String>> rows) {
        StringBuilder csv = new StringBuilder("id,dialogue,summary\r\n");
        for (List<String> row : rows) {
            csv.append(String.join(",", row.stream().map(CsvRoundTripPropertyTest::quote).toList())).append("\r\n");
        }

        List<RawRow> read = readAll(new CsvRowReader(
                new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), 1 << 20));

        assertThat(read).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(read.get(i).fields()).isEqualTo(Map.of("id", rows.get(i).get(0),
                    "dialogue", rows.get(i).get(1), "summary", rows.get(i).get(2)));
        }
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("ab ,\"\n\r\té€日#:").ofMaxLength(30);
    }

    private static String quote(String field) {
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
