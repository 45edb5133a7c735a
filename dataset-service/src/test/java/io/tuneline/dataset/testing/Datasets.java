package io.tuneline.dataset.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.restassured.http.ContentType;
import io.tuneline.contracts.dataset.DatasetManifest;
import io.tuneline.contracts.dataset.SplitFile;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.storage.SegmentEncoding;
import io.tuneline.dataset.model.Example;
import io.tuneline.dataset.version.VersionAssembler;
import io.tuneline.storage.ObjectStore;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static io.restassured.RestAssured.given;

/** Reading datasets back in tests: through the REST API and from split-file bytes. */
public final class Datasets {

    private Datasets() {
    }

    public static String newDatasetId() {
        return "ds-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static DatasetManifest manifest(String datasetId, String versionId) {
        String json = given().get("/api/v1/datasets/{datasetId}/versions/{versionId}", datasetId, versionId)
                .then().statusCode(200).contentType(ContentType.JSON).extract().asString();
        try {
            return EventCodec.mapper().readValue(json, DatasetManifest.class);
        } catch (JsonProcessingException e) {
            throw new AssertionError("the manifest is not readable: " + json, e);
        }
    }

    /** Every example of a version, split by split. */
    public static List<Example> storedExamples(ObjectStore store, DatasetManifest manifest) {
        return manifest.files().keySet().stream()
                .flatMap(split -> examples(splitBytes(store, manifest, split)).stream()).toList();
    }

    /** A split's bytes as its manifest's checksum covers them: its segments, read straight from storage, in order. */
    public static byte[] splitBytes(ObjectStore store, DatasetManifest manifest, String split) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (SplitFile segment : manifest.segmentsOf(split)) {
            try (InputStream in = SegmentEncoding.decode(segment.key(), store.get(segment.bucket(), segment.key()))) {
                bytes.writeBytes(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bytes.toByteArray();
    }

    /** Segments are stored gzip-compressed. */
    public static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static byte[] gunzip(byte[] compressed) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Example> examples(byte[] splitFile) {
        String text = new String(splitFile, StandardCharsets.UTF_8);
        return text.lines().map(line -> VersionAssembler.read(line.getBytes(StandardCharsets.UTF_8))).toList();
    }
}
