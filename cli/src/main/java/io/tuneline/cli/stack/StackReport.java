package io.tuneline.cli.stack;

import java.util.List;

/** The outcome of starting the stack: the status table's rows and every problem found on the way. */
public record StackReport(List<StatusTable.Row> rows, List<String> problems) {

    public StackReport {
        rows = List.copyOf(rows);
        problems = List.copyOf(problems);
    }

    public boolean allGood() {
        return problems.isEmpty();
    }
}
