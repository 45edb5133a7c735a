package io.tuneline.storage;

import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.tuneline.testsupport.junit.EmbeddedS3Extension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectStoreTest {

    private static final String BUCKET = "objects";

    @RegisterExtension
    static EmbeddedS3Extension s3 = EmbeddedS3Extension.withBuckets(BUCKET);

    private static ObjectStore store;

    @BeforeAll
    static void connect() {
        store = new ObjectStore(new S3Settings(s3.endpoint(), s3.accessKey(), s3.secretKey()));
    }

    @AfterAll
    static void disconnect() {
        store.close();
    }

    @Test
    void bytesRoundTripWithStat() throws Exception {
        byte[] content = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);

        store.put(BUCKET, "round/trip.json", content);

        assertThat(store.getBytes(BUCKET, "round/trip.json")).isEqualTo(content);
        assertThat(store.exists(BUCKET, "round/trip.json")).isTrue();
        StoredObject stat = store.stat(BUCKET, "round/trip.json");
        assertThat(stat.size()).isEqualTo(content.length);
        assertThat(stat.etag()).isNotBlank();
        assertThat(stat.lastModified()).isBetween(Instant.now().minus(Duration.ofMinutes(5)), Instant.now().plusSeconds(5));
        assertThat(contentTypeOf("round/trip.json")).isEqualTo(ContentTypes.JSON);

        store.delete(BUCKET, "round/trip.json");

        assertThat(store.exists(BUCKET, "round/trip.json")).isFalse();
    }

    @Test
    void streamOfUnknownLengthRoundTrip() throws Exception {
        try (InputStream small = new GeneratedStream(1000, 7)) {
            store.put(BUCKET, "stream/small.bin", small, null);
        }

        try (InputStream in = store.get(BUCKET, "stream/small.bin"); InputStream expected = new GeneratedStream(1000, 7)) {
            assertThat(in.readAllBytes()).isEqualTo(expected.readAllBytes());
        }
    }

    /** The test JVM has a small heap (see the pom): buffering the whole upload would not fit. */
    @Test
    void largeStreamOfUnknownLengthRoundTripsWithinTheSmallTestHeap() throws Exception {
        long size = 100L * 1024 * 1024 + 12345;
        GeneratedStream generated = new GeneratedStream(size, 42);

        store.put(BUCKET, "large/weights.bin", generated, ContentTypes.OCTET_STREAM);

        assertThat(store.stat(BUCKET, "large/weights.bin").size()).isEqualTo(size);
        MessageDigest downloaded = MessageDigest.getInstance("SHA-256");
        try (InputStream in = store.get(BUCKET, "large/weights.bin")) {
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = in.read(buffer)) > 0; ) {
                downloaded.update(buffer, 0, read);
            }
        }
        assertThat(HexFormat.of().formatHex(downloaded.digest())).isEqualTo(generated.sha256());
        store.delete(BUCKET, "large/weights.bin");
    }

    @Test
    void listIsRecursiveWithoutFolderEntries() {
        store.put(BUCKET, "tree/a.txt", new byte[] {1}, ContentTypes.TEXT);
        store.put(BUCKET, "tree/sub/b.txt", new byte[] {2, 2}, ContentTypes.TEXT);
        store.put(BUCKET, "tree/sub/deeper/c.txt", new byte[] {3, 3, 3}, ContentTypes.TEXT);
        store.put(BUCKET, "treehouse/d.txt", new byte[] {4}, ContentTypes.TEXT);

        List<StoredObject> listed = store.list(BUCKET, "tree/");

        assertThat(listed).extracting(StoredObject::key)
                .containsExactly("tree/a.txt", "tree/sub/b.txt", "tree/sub/deeper/c.txt");
        assertThat(listed).extracting(StoredObject::size).containsExactly(1L, 2L, 3L);
    }

    @Test
    void deletePrefixRemovesOnlyThatFolder() {
        store.put(BUCKET, "doomed/one", new byte[] {1}, null);
        store.put(BUCKET, "doomed/two/three", new byte[] {1}, null);
        store.put(BUCKET, "kept/one", new byte[] {1}, null);

        assertThat(store.deletePrefix(BUCKET, "doomed/")).isEqualTo(2);

        assertThat(store.list(BUCKET, "doomed/")).isEmpty();
        assertThat(store.exists(BUCKET, "kept/one")).isTrue();
        assertThat(store.deletePrefix(BUCKET, "doomed/")).isZero();
    }

    @Test
    void modelFolderSurvivesUploadAndDownloadByteForByte(@TempDir Path work) throws Exception {
        Path model = Files.createDirectories(work.resolve("flan-t5-small"));
        Files.writeString(model.resolve("config.json"), "{\"model_type\":\"t5\"}");
        Files.writeString(model.resolve("tokenizer.json"), "{\"version\":\"1.0\"}");
        try (InputStream weights = new GeneratedStream(3L * 1024 * 1024 + 17, 3)) {
            Files.copy(weights, model.resolve("model.safetensors"));
        }
        Files.createDirectories(model.resolve("extra"));
        Files.write(model.resolve("extra/notes.txt"), new byte[0]);

        List<String> keys = store.uploadFolder(model, BUCKET, "models/flan-t5-small");
        List<Path> files = store.downloadFolder(BUCKET, "models/flan-t5-small/", work.resolve("copy"));

        assertThat(keys).containsExactly("models/flan-t5-small/config.json", "models/flan-t5-small/extra/notes.txt",
                "models/flan-t5-small/model.safetensors", "models/flan-t5-small/tokenizer.json");
        assertThat(files).hasSize(4);
        assertThat(relativeFiles(work.resolve("copy"))).isEqualTo(relativeFiles(model));
        for (String name : relativeFiles(model)) {
            assertThat(work.resolve("copy").resolve(name)).hasSameBinaryContentAs(model.resolve(name));
        }
        assertThat(store.stat(BUCKET, "models/flan-t5-small/model.safetensors").size()).isEqualTo(3L * 1024 * 1024 + 17);
    }

    @Test
    void linkedFilesAreUploadedWithTheirContent(@TempDir Path work) throws Exception {
        Path blob = Files.writeString(Files.createDirectories(work.resolve("blobs")).resolve("3f2a"), "{\"d_model\":512}");
        Path snapshot = Files.createDirectories(work.resolve("snapshots/main"));
        Files.createSymbolicLink(snapshot.resolve("config.json"), blob);

        assertThat(store.uploadFolder(snapshot, BUCKET, "linked")).containsExactly("linked/config.json");

        assertThat(new String(store.getBytes(BUCKET, "linked/config.json"), StandardCharsets.UTF_8)).isEqualTo("{\"d_model\":512}");
    }

    @Test
    void missingObjectsAreNotFound(@TempDir Path work) {
        assertThatThrownBy(() -> store.getBytes(BUCKET, "missing/key"))
                .isInstanceOfSatisfying(ObjectNotFoundException.class, e -> {
                    assertThat(e.bucket()).isEqualTo(BUCKET);
                    assertThat(e.key()).isEqualTo("missing/key");
                    assertThat(e).hasMessageContaining("s3://objects/missing/key");
                });
        assertThatThrownBy(() -> store.stat(BUCKET, "missing/key")).isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> store.downloadFolder(BUCKET, "missing/folder", work))
                .isInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining("missing/folder/");
        assertThat(store.exists(BUCKET, "missing/key")).isFalse();
    }

    @Test
    void missingBucketIsAnErrorButNotANotFoundObject() {
        assertThatThrownBy(() -> store.put("no-such-bucket", "key", new byte[] {1}, null))
                .isInstanceOf(ObjectStoreException.class)
                .isNotInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining("s3://no-such-bucket/key");
    }

    @Test
    void ensureBucketsIsIdempotent() {
        assertThat(store.bucketExists("fresh-bucket")).isFalse();

        store.ensureBuckets("fresh-bucket", "fresh-bucket", BUCKET);
        store.ensureBuckets(List.of("fresh-bucket"));
        store.put("fresh-bucket", "k", new byte[] {9});

        assertThat(store.bucketExists("fresh-bucket")).isTrue();
        assertThat(store.getBytes("fresh-bucket", "k")).containsExactly(9);
    }

    @Test
    void explicitRegionIsAccepted() {
        try (ObjectStore regional = new ObjectStore(new S3Settings(s3.endpoint(), s3.accessKey(), s3.secretKey(), "us-east-1"))) {
            regional.put(BUCKET, "regional/key", new byte[] {5});

            assertThat(regional.getBytes(BUCKET, "regional/key")).containsExactly(5);
        }
    }

    @Test
    void wrongSecretIsRejected() {
        try (ObjectStore intruder = new ObjectStore(new S3Settings(s3.endpoint(), s3.accessKey(), "wrong"))) {
            assertThatThrownBy(() -> intruder.getBytes(BUCKET, "anything"))
                    .isInstanceOf(ObjectStoreException.class)
                    .isNotInstanceOf(ObjectNotFoundException.class)
                    .hasMessageContaining("SignatureDoesNotMatch");
        }
    }

    private static String contentTypeOf(String key) throws Exception {
        try (MinioClient client = MinioClient.builder().endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey()).build()) {
            return client.statObject(StatObjectArgs.builder().bucket(BUCKET).object(key).build()).contentType();
        }
    }

    private static List<String> relativeFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(path -> root.relativize(path).toString()).sorted().toList();
        }
    }

    /** Pseudo-random bytes made on the fly, with the SHA-256 of what was read so far. */
    private static final class GeneratedStream extends InputStream {
        private final Random random;
        private final MessageDigest digest;
        private long remaining;

        GeneratedStream(long size, long seed) throws Exception {
            this.remaining = size;
            this.random = new Random(seed);
            this.digest = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            int count = (int) Math.min(length, remaining);
            byte[] chunk = new byte[count];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, buffer, offset, count);
            digest.update(chunk);
            remaining -= count;
            return count;
        }

        String sha256() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
