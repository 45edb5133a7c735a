package io.tuneline.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tuneline.contracts.training.RunSpec;
import io.tuneline.contracts.training.RunSpec.FieldError;
import io.tuneline.worker.data.RunInputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads a run spec JSON strictly (an unknown or mistyped field is an error naming it, not silently ignored) and
 * checks what this worker can run on top of {@link RunSpec#validate()}.
 */
public final class RunSpecReader {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** A spec that cannot run; {@link #errors()} names every bad field. */
    public static final class InvalidSpecException extends RuntimeException {
        private final List<FieldError> errors;

        public InvalidSpecException(List<FieldError> errors) {
            super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
            this.errors = List.copyOf(errors);
        }

        public List<FieldError> errors() {
            return errors;
        }
    }

    private RunSpecReader() {
    }

    /** Parses the JSON of a spec (no defaults applied, no validation). */
    public static RunSpec parse(byte[] json) {
        try {
            return STRICT.readValue(json, RunSpec.class);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidSpecException(List.of(new FieldError(e.getPropertyName(), "is not a run spec field")));
        } catch (JsonMappingException e) {
            String field = e.getPath().stream().map(reference -> reference.getFieldName() != null
                    ? reference.getFieldName() : "[" + reference.getIndex() + "]").collect(Collectors.joining("."));
            throw new InvalidSpecException(List.of(new FieldError(field.isEmpty() ? "(spec)" : field,
                    e.getOriginalMessage())));
        } catch (JsonProcessingException e) {
            throw new InvalidSpecException(List.of(new FieldError("(spec)", "not JSON: " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The spec with defaults, or an exception naming every field this worker cannot run with. */
    public static RunSpec validated(RunSpec spec) {
        List<FieldError> errors = new ArrayList<>(spec.validate());
        RunSpec withDefaults = spec.withDefaults();
        String base = withDefaults.baseModel();
        if (base != null && !base.isBlank() && !RunInputs.isS3(base) && !base.contains("/") && !base.contains("\\")
                && !Files.isDirectory(Path.of(base))) {
            errors.add(new FieldError("baseModel", "'" + base + "' is neither a local folder nor an s3:// folder"
                    + " (registered names are resolved by trainer-service before the worker starts)"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidSpecException(errors);
        }
        return withDefaults;
    }
}
