package io.tuneline.trainer.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.common.rest.ApiException;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ContentTypes;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.StoredObject;
import io.tuneline.contracts.api.BaseModel;
import io.tuneline.contracts.api.ModelConfigSummary;
import io.tuneline.trainer.registry.SafetensorsHeader;
import io.tuneline.trainer.run.S3Uri;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registered base models ({@code models/_registry/{name}.json}): a name for a Hugging Face folder in object
 * storage, with a summary of its config. Folders get there by any S3 tool, or file by file through
 * {@link #putFile} (streamed, so a multi-GB {@code model.safetensors} never sits in memory).
 */
@ApplicationScoped
public class BaseModelRegistry {

    public static final String ERROR_UNKNOWN_BASE_MODEL = "unknown-base-model";
    public static final String ERROR_NOT_A_MODEL = "not-a-model";
    public static final String ERROR_BAD_LOCATION = "bad-location";
    public static final String ERROR_BAD_FILE_NAME = "bad-file-name";

    private final ObjectStore store;
    private final StorageLayout layout;
    private final ObjectMapper json;
    private final JsonObjects objects;
    private final Clock clock = Clock.systemUTC();

    BaseModelRegistry(ObjectStore store, StorageLayout layout, ObjectMapper json, JsonObjects objects) {
        this.store = store;
        this.layout = layout;
        this.json = json;
        this.objects = objects;
    }

    /**
     * Registers (or re-registers) {@code name} for the folder at {@code location} ({@code s3://bucket/prefix/});
     * without a location, the folder files were uploaded to ({@code models/{name}/}).
     */
    public BaseModel register(String name, String location) {
        safeName(name);
        ObjectRef folder = location == null || location.isBlank() ? layout.baseModel(name)
                : S3Uri.parse(location).map(S3Uri::folder).orElseThrow(() -> ApiException.badRequest(
                        ERROR_BAD_LOCATION, "location must be an s3://bucket/prefix/ folder, not '" + location + "'",
                        Map.of("field", "location")));
        List<StoredObject> stored = list(folder);
        List<String> files = stored.stream().map(object -> object.key().substring(folder.key().length())).toList();
        if (!files.contains(StorageLayout.CONFIG_JSON)) {
            throw ApiException.badRequest(ERROR_NOT_A_MODEL, "no config.json under " + folder
                    + (files.isEmpty() ? " (the folder is empty)" : "; found " + files),
                    Map.of("location", folder.toString()));
        }
        JsonNode config = readJson(folder, StorageLayout.CONFIG_JSON);
        long parameters = countParameters(folder, files);
        ModelConfigSummary summary = ModelConfigSummary.of(config, parameters,
                files.contains(StorageLayout.TOKENIZER_JSON));
        BaseModel model = new BaseModel(name, folder.toString(), summary, files, Instant.now(clock));
        objects.write(layout.baseModelRegistration(name), model);
        return model;
    }

    /** Stores one file of the model folder {@code models/{name}/}, streamed; returns its key. */
    public ObjectRef putFile(String name, String relativePath, InputStream content) {
        safeName(name);
        String[] segments = relativePath == null ? new String[0] : relativePath.split("/");
        if (segments.length == 0) {
            throw ApiException.badRequest(ERROR_BAD_FILE_NAME, "a file name is required");
        }
        for (String segment : segments) {
            try {
                StorageLayout.id(segment);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(ERROR_BAD_FILE_NAME, "'" + relativePath + "' is not a safe relative "
                        + "file name (letters, digits, '.', '_', '-' per path segment)", Map.of("file", relativePath));
            }
        }
        ObjectRef folder = layout.baseModel(name);
        ObjectRef file = new ObjectRef(folder.bucket(), folder.key() + String.join("/", segments));
        store.put(file.bucket(), file.key(), content, ContentTypes.forName(file.key()));
        return file;
    }

    public Optional<BaseModel> find(String name) {
        return objects.read(layout.baseModelRegistration(name), BaseModel.class);
    }

    public List<BaseModel> list() {
        List<BaseModel> models = new ArrayList<>();
        for (StoredObject object : store.list(layout.models(), layout.baseModelRegistryPrefix())) {
            String fileName = object.key().substring(layout.baseModelRegistryPrefix().length());
            if (fileName.endsWith(".json")) {
                find(fileName.substring(0, fileName.length() - ".json".length())).ifPresent(models::add);
            }
        }
        models.sort(Comparator.comparing(BaseModel::name));
        return models;
    }

    /**
     * Where a spec's {@code baseModel} is: {@code s3://…} and local paths as they are, a registered name as its
     * folder. Anything else is a 400 naming the field.
     */
    public String resolve(String baseModel) {
        if (baseModel.startsWith(S3Uri.SCHEME) || baseModel.startsWith("/") || baseModel.startsWith(".")) {
            return baseModel;
        }
        boolean plausibleName = baseModel.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
        return (plausibleName ? find(baseModel) : Optional.<BaseModel>empty()).map(BaseModel::location)
                .orElseThrow(() -> ApiException.badRequest(ERROR_UNKNOWN_BASE_MODEL, "baseModel: '" + baseModel
                        + "' is not a registered base model (GET /api/v1/base-models), an s3:// folder or a local "
                        + "folder", Map.of("field", "baseModel")));
    }

    private long countParameters(ObjectRef folder, List<String> files) {
        List<String> shards = new ArrayList<>();
        if (files.contains(StorageLayout.MODEL_SAFETENSORS)) {
            shards.add(StorageLayout.MODEL_SAFETENSORS);
        } else if (files.contains(StorageLayout.SAFETENSORS_INDEX)) {
            readJson(folder, StorageLayout.SAFETENSORS_INDEX).path("weight_map").forEach(shard -> {
                if (!shards.contains(shard.asText())) {
                    shards.add(shard.asText());
                }
            });
        }
        if (shards.isEmpty()) {
            return -1;
        }
        long count = 0;
        for (String shard : shards) {
            try (InputStream in = store.get(folder.bucket(), folder.key() + shard)) {
                count += SafetensorsHeader.parameterCount(in, json);
            } catch (IOException e) {
                throw ApiException.badRequest(ERROR_NOT_A_MODEL, shard + " under " + folder + " is unreadable: "
                        + e.getMessage(), Map.of("file", shard));
            }
        }
        return count;
    }

    private JsonNode readJson(ObjectRef folder, String file) {
        try {
            return json.readTree(store.getBytes(folder.bucket(), folder.key() + file));
        } catch (IOException e) {
            throw ApiException.badRequest(ERROR_NOT_A_MODEL, file + " under " + folder + " is not JSON: "
                    + e.getMessage(), Map.of("file", file));
        }
    }

    private List<StoredObject> list(ObjectRef folder) {
        try {
            return store.list(folder.bucket(), folder.key());
        } catch (RuntimeException e) {
            throw ApiException.badRequest(ERROR_BAD_LOCATION, "cannot list " + folder + ": " + e.getMessage(),
                    Map.of("location", folder.toString()));
        }
    }

    private static void safeName(String name) {
        try {
            StorageLayout.id(name);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("bad-name", "name: '" + name + "' must be letters, digits, '.', '_' or "
                    + "'-' (at most 128)", Map.of("field", "name"));
        }
    }
}
