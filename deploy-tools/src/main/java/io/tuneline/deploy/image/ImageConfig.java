package io.tuneline.deploy.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The runtime part of an image configuration (the {@code config} object of the OCI/Docker image config JSON). */
public record ImageConfig(
        String user,
        List<String> entrypoint,
        Map<String, String> environment,
        Set<String> exposedPorts,
        Map<String, String> labels,
        String workingDirectory,
        String architecture,
        String os) {

    static ImageConfig parse(JsonNode imageConfig) {
        JsonNode config = imageConfig.path("config");
        List<String> entrypoint = new ArrayList<>();
        config.path("Entrypoint").forEach(part -> entrypoint.add(part.asText()));
        Map<String, String> environment = new LinkedHashMap<>();
        config.path("Env").forEach(variable -> {
            String[] nameAndValue = variable.asText().split("=", 2);
            environment.put(nameAndValue[0], nameAndValue.length > 1 ? nameAndValue[1] : "");
        });
        Set<String> ports = new LinkedHashSet<>();
        config.path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
        Map<String, String> labels = new LinkedHashMap<>();
        config.path("Labels").fields().forEachRemaining(label -> labels.put(label.getKey(), label.getValue().asText()));
        return new ImageConfig(config.path("User").asText(""), entrypoint, environment, ports, labels,
                config.path("WorkingDir").asText(""), imageConfig.path("architecture").asText(""),
                imageConfig.path("os").asText(""));
    }
}
