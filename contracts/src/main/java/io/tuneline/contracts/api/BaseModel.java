package io.tuneline.contracts.api;

import java.time.Instant;
import java.util.List;

/**
 * A registered base model: a name runs use for a Hugging Face folder in object storage.
 *
 * @param location the folder, {@code s3://bucket/prefix/}
 * @param files    the folder's files (relative names) when it was registered
 */
public record BaseModel(String name, String location, ModelConfigSummary summary, List<String> files,
                        Instant registeredAt) {
}
