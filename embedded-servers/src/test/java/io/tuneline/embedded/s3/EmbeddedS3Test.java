package io.tuneline.embedded.s3;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedS3Test {

    private static EmbeddedS3 s3;
    private static MinioClient client;

    @BeforeAll
    static void startServer() {
        s3 = new EmbeddedS3().start().createBuckets("things");
        client = MinioClient.builder().endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey()).build();
    }

    @AfterAll
    static void closeServer() {
        s3.close();
        assertThat(s3.dataDir()).doesNotExist();
    }

    @Test
    void putGetListDeleteRoundTrip() throws Exception {
        byte[] content = "hello object storage".getBytes(StandardCharsets.UTF_8);
        put("things", "dir/a.txt", content);
        put("things", "dir/sub/b.txt", content);

        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket("things").object("dir/a.txt").build())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(listKeys("dir/")).contains("dir/a.txt", "dir/sub/b.txt");

        client.removeObject(RemoveObjectArgs.builder().bucket("things").object("dir/a.txt").build());

        assertThatThrownBy(() -> client.statObject(StatObjectArgs.builder().bucket("things").object("dir/a.txt").build()))
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.errorResponse().code()).isEqualTo("NoSuchKey"));
    }

    @Test
    void createBucketsIsIdempotent() throws Exception {
        s3.createBuckets("again", "again");

        assertThat(client.bucketExists(BucketExistsArgs.builder().bucket("again").build())).isTrue();
    }

    @Test
    void wrongSecretIsRejected() {
        MinioClient intruder = MinioClient.builder().endpoint(s3.endpoint()).credentials(s3.accessKey(), "wrong-secret").build();

        assertThatThrownBy(() -> intruder.bucketExists(BucketExistsArgs.builder().bucket("things").build()))
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.errorResponse().code()).isEqualTo("SignatureDoesNotMatch"));
    }

    @Test
    void objectsSurviveAStopAndStart() throws Exception {
        put("things", "persistent.txt", new byte[] {1, 2, 3});

        s3.stop();
        s3.start();

        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket("things").object("persistent.txt").build())) {
            assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
        }
    }

    private static void put(String bucket, String key, byte[] content) throws Exception {
        client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(content), content.length, -1).build());
    }

    private static List<String> listKeys(String prefix) throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket("things").prefix(prefix).recursive(true).build())) {
            keys.add(result.get().objectName());
        }
        return keys;
    }
}
