package io.tuneline.cli.stack;

import java.util.ArrayList;
import java.util.List;

/** The table {@code tuneline up} prints once everything is started: one aligned row per process. */
public final class StatusTable {

    /** One process: its name, pid, where it listens, and what the checks found ("-" where a check does not apply). */
    public record Row(String name, long pid, String address, String health, String kafka, String s3, String log) {
    }

    private static final List<String> HEADERS = List.of("NAME", "PID", "URL", "HEALTH", "KAFKA", "S3", "LOG");
    private static final String GAP = "  ";

    private StatusTable() {
    }

    public static String render(List<Row> rows) {
        List<List<String>> lines = new ArrayList<>();
        lines.add(HEADERS);
        for (Row row : rows) {
            lines.add(List.of(row.name(), Long.toString(row.pid()), row.address(), row.health(), row.kafka(), row.s3(),
                    row.log()));
        }
        int[] widths = new int[HEADERS.size()];
        for (List<String> line : lines) {
            for (int column = 0; column < widths.length; column++) {
                widths[column] = Math.max(widths[column], line.get(column).length());
            }
        }
        StringBuilder table = new StringBuilder();
        for (List<String> line : lines) {
            StringBuilder text = new StringBuilder();
            for (int column = 0; column < widths.length; column++) {
                String cell = line.get(column);
                text.append(cell);
                if (column < widths.length - 1) {
                    text.append(" ".repeat(widths[column] - cell.length())).append(GAP);
                }
            }
            table.append(text).append(System.lineSeparator());
        }
        return table.toString();
    }
}
