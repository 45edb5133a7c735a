package io.tuneline.template.library;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a task or template ships with the service (read-only) or was added over REST (kept in S3). */
public enum Origin {
    @JsonProperty("shipped") SHIPPED,
    @JsonProperty("custom") CUSTOM
}
