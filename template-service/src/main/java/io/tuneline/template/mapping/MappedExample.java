package io.tuneline.template.mapping;

import java.util.List;
import java.util.Map;

/**
 * One example as template variables. {@code problems} lists required fields that are absent or values that do not
 * fit the declared type; such an example is skipped (and counted), never rendered half-empty.
 */
public record MappedExample(String exampleId, Map<String, Object> variables, List<String> problems) {

    public boolean renderable() {
        return problems.isEmpty();
    }
}
