package io.tuneline.dataset.testing;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.DeleteError;
import io.minio.messages.DeleteObject;
import io.minio.messages.ErrorResponse;
import io.minio.messages.Item;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectStore;
import okhttp3.Headers;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

/**
 * S3 in a map, for tests of storage logic where the server is not the point. It answers the MinIO client calls that
 * {@link ObjectStore} makes, so the code under test runs through the real {@code ObjectStore} (its not-found
 * mapping, folder filtering, prefix deletion) without a network. It counts the reads of every key, and can be told
 * to fail the writes of chosen keys (a commit that dies half-way).
 *
 * <pre>{@code
 * InMemoryS3 s3 = InMemoryS3.withBuckets(layout.allBuckets());
 * ObjectStore store = s3.objectStore();
 * }</pre>
 */
public final class InMemoryS3 extends MinioClient {

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US);
    private static final Field DELETE_OBJECT_NAME = deleteObjectName();

    private final Set<String> buckets = ConcurrentHashMap.newKeySet();
    /** bucket + '\u0000' + key → content; sorted, so listings come in key order as S3's do. */
    private final NavigableMap<String, byte[]> objects = new ConcurrentSkipListMap<>();
    private final Map<String, Integer> reads = new ConcurrentHashMap<>();
    private volatile Predicate<String> failingWrites = key -> false;

    /**
     * MinioClient has no constructor for subclasses but its copy constructor; this client never connects. Built once:
     * building one loads the HTTP stack, seconds on a busy machine.
     */
    private static final MinioClient NEVER_CONNECTS = MinioClient.builder().endpoint("http://127.0.0.1:9")
            .credentials("unused", "unused").build();

    private InMemoryS3() {
        super(NEVER_CONNECTS);
    }

    public static InMemoryS3 withBuckets(List<String> buckets) {
        InMemoryS3 s3 = new InMemoryS3();
        s3.buckets.addAll(buckets);
        return s3;
    }

    /** The store of the layout's buckets over a fresh, empty in-memory S3. */
    public static ObjectStore objectStore(StorageLayout layout) {
        return withBuckets(layout.allBuckets()).objectStore();
    }

    public ObjectStore objectStore() {
        return new ObjectStore(this);
    }

    /** How often the object was opened for reading (get or getBytes). */
    public int reads(String bucket, String key) {
        return reads.getOrDefault(path(bucket, key), 0);
    }

    /** Starts counting reads afresh (after a test's setup read what it wrote). */
    public void forgetReads() {
        reads.clear();
    }

    /** Every later write (put, putFile) of a key that matches fails with an S3 error, as a dying server's would. */
    public void failWritesOf(Predicate<String> key) {
        failingWrites = key;
    }

    /** The keys stored in a bucket, in order. */
    public List<String> keys(String bucket) {
        String from = path(bucket, "");
        List<String> keys = new ArrayList<>();
        for (String path : objects.tailMap(from, true).keySet()) {
            if (!path.startsWith(from)) {
                break;
            }
            keys.add(path.substring(from.length()));
        }
        return keys;
    }

    @Override
    public boolean bucketExists(BucketExistsArgs args) {
        return buckets.contains(args.bucket());
    }

    @Override
    public void makeBucket(MakeBucketArgs args) {
        buckets.add(args.bucket());
    }

    @Override
    public ObjectWriteResponse putObject(PutObjectArgs args) throws ErrorResponseException, IOException {
        try (InputStream in = args.stream()) {
            return store(args.bucket(), args.object(), in.readAllBytes());
        }
    }

    @Override
    public ObjectWriteResponse uploadObject(UploadObjectArgs args) throws ErrorResponseException, IOException {
        return store(args.bucket(), args.object(), Files.readAllBytes(Path.of(args.filename())));
    }

    @Override
    public GetObjectResponse getObject(GetObjectArgs args) throws ErrorResponseException {
        byte[] content = content(args.bucket(), args.object());
        reads.merge(path(args.bucket(), args.object()), 1, Integer::sum);
        return new GetObjectResponse(Headers.of(), args.bucket(), "", args.object(), new ByteArrayInputStream(content));
    }

    @Override
    public StatObjectResponse statObject(StatObjectArgs args) throws ErrorResponseException {
        byte[] content = content(args.bucket(), args.object());
        return new StatObjectResponse(Headers.of("ETag", etag(content), "Content-Length",
                Integer.toString(content.length), "Last-Modified", HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC))),
                args.bucket(), "", args.object());
    }

    @Override
    public Iterable<Result<Item>> listObjects(ListObjectsArgs args) {
        requireBucketOrFail(args.bucket());
        String prefix = args.prefix() == null ? "" : args.prefix();
        List<Result<Item>> items = new ArrayList<>();
        for (String key : keys(args.bucket())) {
            if (key.startsWith(prefix)) {
                byte[] content = objects.get(path(args.bucket(), key));
                items.add(new Result<>(new StoredItem(key, content.length, etag(content))));
            }
        }
        return items;
    }

    @Override
    public void removeObject(RemoveObjectArgs args) {
        objects.remove(path(args.bucket(), args.object()));
    }

    @Override
    public Iterable<Result<DeleteError>> removeObjects(RemoveObjectsArgs args) {
        for (DeleteObject object : args.objects()) {
            objects.remove(path(args.bucket(), nameOf(object)));
        }
        return List.of();
    }

    @Override
    public void close() {
        // nothing to release
    }

    private ObjectWriteResponse store(String bucket, String key, byte[] content) throws ErrorResponseException {
        if (!buckets.contains(bucket)) {
            throw error("NoSuchBucket", bucket, key);
        }
        if (failingWrites.test(key)) {
            throw error("InternalError", bucket, key);
        }
        objects.put(path(bucket, key), content);
        return new ObjectWriteResponse(Headers.of(), bucket, "", key, etag(content), null);
    }

    private byte[] content(String bucket, String key) throws ErrorResponseException {
        if (!buckets.contains(bucket)) {
            throw error("NoSuchBucket", bucket, key);
        }
        byte[] content = objects.get(path(bucket, key));
        if (content == null) {
            throw error("NoSuchKey", bucket, key);
        }
        return content;
    }

    private void requireBucketOrFail(String bucket) {
        if (!buckets.contains(bucket)) {
            throw new IllegalStateException("no bucket " + bucket + " in this in-memory S3");
        }
    }

    private static ErrorResponseException error(String code, String bucket, String key) {
        return new ErrorResponseException(new ErrorResponse(code, code + " (in-memory S3)", bucket, key,
                "/" + bucket + "/" + key, "in-memory", "in-memory"), null, null);
    }

    private static String path(String bucket, String key) {
        return bucket + '\u0000' + key;
    }

    private static String etag(byte[] content) {
        return HexFormat.of().formatHex(io.tuneline.dataset.validation.ContentHashing.newSha256().digest(content))
                .substring(0, 32);
    }

    private static String nameOf(DeleteObject object) {
        try {
            return (String) DELETE_OBJECT_NAME.get(object);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Field deleteObjectName() {
        try {
            // DeleteObject keeps its key for the XML body only; it has no accessor.
            Field name = DeleteObject.class.getDeclaredField("name");
            name.setAccessible(true);
            return name;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("MinIO's DeleteObject changed: update InMemoryS3", e);
        }
    }

    /** A listing entry as the MinIO client parses one from XML. */
    private static final class StoredItem extends Item {
        private final String key;
        private final long size;
        private final String etag;
        private final ZonedDateTime lastModified = ZonedDateTime.now(ZoneOffset.UTC);

        StoredItem(String key, long size, String etag) {
            this.key = key;
            this.size = size;
            this.etag = etag;
        }

        @Override
        public String objectName() {
            return key;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public String etag() {
            return etag;
        }

        @Override
        public ZonedDateTime lastModified() {
            return lastModified;
        }

        @Override
        public boolean isDir() {
            return false;
        }
    }
}
