package io.tuneline.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
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
import io.minio.messages.Item;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Object storage as Tuneline uses it: buckets of objects addressed by key, with folders as key prefixes.
 * Large content (datasets, model weights) is always streamed: nothing here holds a whole object in memory
 * except {@link #getBytes} and {@link #put(String, String, byte[], String)}, which are meant for small objects.
 *
 * <p>Thread-safe; one instance per application is enough.
 */
public final class ObjectStore implements AutoCloseable {

    /** Part size of multipart uploads; also the memory one upload of unknown length holds at a time. */
    public static final long PART_SIZE = 16L * 1024 * 1024;

    private static final Set<String> NOT_FOUND_CODES = Set.of("NoSuchKey", "NoSuchObject", "ResourceNotFound");
    private static final Set<String> BUCKET_EXISTS_CODES = Set.of("BucketAlreadyOwnedByYou", "BucketAlreadyExists");

    private final MinioClient client;

    /** A store over a new MinIO client (path-style requests, as S3-compatible servers expect). */
    public ObjectStore(S3Settings settings) {
        this(newClient(settings));
    }

    /** A store over a client configured elsewhere (e.g. with custom timeouts); {@link #close()} closes it. */
    public ObjectStore(MinioClient client) {
        this.client = client;
    }

    private static MinioClient newClient(S3Settings settings) {
        MinioClient.Builder builder = MinioClient.builder()
                .endpoint(settings.endpoint())
                .credentials(settings.accessKey(), settings.secretKey());
        if (settings.region() != null) {
            builder.region(settings.region());
        }
        if (settings.caFile() != null) {
            TrustedCertificates trusted = TrustedCertificates.fromPem(Path.of(settings.caFile()));
            long timeout = java.util.concurrent.TimeUnit.MINUTES.toMillis(5); // MinIO's own default
            builder.httpClient(io.minio.http.HttpUtils.newDefaultHttpClient(timeout, timeout, timeout).newBuilder()
                    .sslSocketFactory(trusted.sslContext().getSocketFactory(), trusted.trustManager())
                    .build());
        }
        MinioClient client = builder.build();
        // Bucket in the path, never in the host name: MinIO and s3proxy behind a plain service name need that.
        client.disableVirtualStyleEndpoint();
        return client;
    }

    public boolean bucketExists(String bucket) {
        return call("Cannot check bucket", bucket, null,
                () -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
    }

    /** Creates the buckets that do not exist yet. */
    public void ensureBuckets(String... buckets) {
        ensureBuckets(List.of(buckets));
    }

    /** Creates the buckets that do not exist yet. */
    public void ensureBuckets(Collection<String> buckets) {
        for (String bucket : buckets) {
            call("Cannot create bucket", bucket, null, () -> {
                if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                    try {
                        client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                    } catch (ErrorResponseException e) {
                        // Another service created it between our check and our request.
                        if (!BUCKET_EXISTS_CODES.contains(e.errorResponse().code())) {
                            throw e;
                        }
                    }
                }
                return null;
            });
        }
    }

    /** Stores a small object held in memory, with the content type its key's file name suggests. */
    public void put(String bucket, String key, byte[] content) {
        put(bucket, key, content, ContentTypes.forName(key));
    }

    /** Stores a small object held in memory. */
    public void put(String bucket, String key, byte[] content, String contentType) {
        call("Cannot put object", bucket, key, () -> client.putObject(PutObjectArgs.builder()
                .bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(content), content.length, -1)
                .contentType(orDefault(contentType))
                .build()));
    }

    /**
     * Stores a stream of unknown length as a multipart upload, holding one {@link #PART_SIZE} part in memory at a
     * time. The caller closes the stream.
     */
    public void put(String bucket, String key, InputStream content, String contentType) {
        call("Cannot put object", bucket, key, () -> client.putObject(PutObjectArgs.builder()
                .bucket(bucket).object(key)
                .stream(content, -1, PART_SIZE)
                .contentType(orDefault(contentType))
                .build()));
    }

    /** Stores a file, streamed from disk. */
    public void putFile(String bucket, String key, Path file, String contentType) {
        call("Cannot upload " + file, bucket, key, () -> client.uploadObject(UploadObjectArgs.builder()
                .bucket(bucket).object(key)
                .filename(file.toString(), PART_SIZE)
                .contentType(orDefault(contentType))
                .build()));
    }

    /** Opens an object for reading; the caller closes the stream. */
    public InputStream get(String bucket, String key) {
        return call("Cannot get object", bucket, key,
                () -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
    }

    /** Reads a small object into memory. */
    public byte[] getBytes(String bucket, String key) {
        try (InputStream in = get(bucket, key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ObjectStoreException("Cannot read object", bucket, key, e);
        }
    }

    /** Streams an object into a file (replacing it), through a temporary file so no half-written file remains. */
    public void getFile(String bucket, String key, Path target) {
        Path temporary = null;
        try (InputStream in = get(bucket, key)) {
            Path directory = target.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            temporary = Files.createTempFile(directory, "." + target.getFileName(), ".part");
            Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ObjectStoreException("Cannot download to " + target, bucket, key, e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    public boolean exists(String bucket, String key) {
        try {
            stat(bucket, key);
            return true;
        } catch (ObjectNotFoundException e) {
            return false;
        }
    }

    public StoredObject stat(String bucket, String key) {
        StatObjectResponse stat = call("Cannot stat object", bucket, key,
                () -> client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()));
        return new StoredObject(bucket, key, stat.size(), stat.etag(), toInstant(stat.lastModified()));
    }

    /**
     * All objects whose key starts with {@code prefix}, at any depth, in key order. Folder placeholders
     * (keys ending in {@code /}, which some servers list for directories) are left out.
     */
    public List<StoredObject> list(String bucket, String prefix) {
        return call("Cannot list objects", bucket, prefix, () -> {
            List<StoredObject> objects = new ArrayList<>();
            Iterable<Result<Item>> results = client.listObjects(ListObjectsArgs.builder()
                    .bucket(bucket).prefix(prefix == null ? "" : prefix).recursive(true).build());
            for (Result<Item> result : results) {
                Item item = result.get();
                if (!item.isDir() && !item.objectName().endsWith("/")) {
                    objects.add(new StoredObject(bucket, item.objectName(), item.size(), item.etag(),
                            toInstant(item.lastModified())));
                }
            }
            return objects;
        });
    }

    /** Deletes an object; deleting a missing object is not an error (as in S3). */
    public void delete(String bucket, String key) {
        call("Cannot delete object", bucket, key,
                () -> {
                    client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
                    return null;
                });
    }

    /** Deletes every object under {@code prefix} and returns how many there were. */
    public int deletePrefix(String bucket, String prefix) {
        List<DeleteObject> doomed = list(bucket, prefix).stream().map(object -> new DeleteObject(object.key())).toList();
        if (doomed.isEmpty()) {
            return 0;
        }
        return call("Cannot delete objects", bucket, prefix, () -> {
            // The removal is lazy: it happens while the results are iterated; only failures are reported.
            Iterable<Result<DeleteError>> failures = client.removeObjects(
                    RemoveObjectsArgs.builder().bucket(bucket).objects(doomed).build());
            for (Result<DeleteError> failure : failures) {
                DeleteError error = failure.get();
                throw new ObjectStoreException("Cannot delete object: " + error.code() + " " + error.message(),
                        bucket, error.objectName(), null);
            }
            return doomed.size();
        });
    }

    /**
     * Uploads every regular file under {@code directory} to {@code bucket} as {@code prefix/relative/path},
     * streaming each file from disk. Returns the keys written, in path order.
     */
    public List<String> uploadFolder(Path directory, String bucket, String prefix) {
        String folder = folderPrefix(prefix);
        List<Path> files;
        // Links are followed: a Hugging Face cache snapshot is a folder of links to blobs.
        try (Stream<Path> walk = Files.walk(directory, FileVisitOption.FOLLOW_LINKS)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new ObjectStoreException("Cannot read folder " + directory, bucket, folder, e);
        }
        List<String> keys = new ArrayList<>();
        for (Path file : files) {
            String relative = directory.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
            String key = folder + relative;
            putFile(bucket, key, file, ContentTypes.forFile(file));
            keys.add(key);
        }
        return keys;
    }

    /**
     * Downloads every object under {@code prefix} into {@code directory}, keeping the relative paths, each file
     * streamed to disk. Returns the files written.
     *
     * @throws ObjectNotFoundException if there is no object under the prefix
     */
    public List<Path> downloadFolder(String bucket, String prefix, Path directory) {
        String folder = folderPrefix(prefix);
        List<StoredObject> objects = list(bucket, folder);
        if (objects.isEmpty()) {
            throw new ObjectNotFoundException(bucket, folder, null);
        }
        Path root = directory.toAbsolutePath().normalize();
        List<Path> files = new ArrayList<>();
        for (StoredObject object : objects) {
            Path target = root.resolve(object.key().substring(folder.length())).normalize();
            if (!target.startsWith(root) || target.equals(root)) {
                throw new ObjectStoreException("Key escapes the target folder " + root, bucket, object.key(), null);
            }
            getFile(bucket, object.key(), target);
            files.add(target);
        }
        return files;
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot close the S3 client", e);
        }
    }

    /** A prefix that names a folder: no leading slash, a trailing one unless it is the whole bucket. */
    static String folderPrefix(String prefix) {
        if (prefix == null) {
            return "";
        }
        String folder = prefix;
        while (folder.startsWith("/")) {
            folder = folder.substring(1);
        }
        return folder.isEmpty() || folder.endsWith("/") ? folder : folder + "/";
    }

    private <T> T call(String failure, String bucket, String key, S3Call<T> operation) {
        try {
            return operation.call();
        } catch (ObjectStoreException e) {
            throw e;
        } catch (ErrorResponseException e) {
            if (NOT_FOUND_CODES.contains(e.errorResponse().code())) {
                throw new ObjectNotFoundException(bucket, key, e);
            }
            throw new ObjectStoreException(failure + ": " + e.errorResponse().code(), bucket, key, e);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new ObjectStoreException(failure, bucket, key, e);
        }
    }

    private static String orDefault(String contentType) {
        return contentType == null || contentType.isBlank() ? ContentTypes.OCTET_STREAM : contentType;
    }

    private static Instant toInstant(ZonedDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // Only a leftover temporary file; the real failure is already being reported.
            }
        }
    }

    @FunctionalInterface
    private interface S3Call<T> {
        T call() throws Exception;
    }
}
