package io.tuneline.dataset.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.tuneline.contracts.dataset.DatasetManifest;
import io.tuneline.dataset.model.Example;
import io.tuneline.dataset.model.Split;
import io.tuneline.dataset.split.SplitAssigner;
import io.tuneline.storage.ObjectStore;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static io.tuneline.dataset.testing.Datasets.examples;
import static io.tuneline.dataset.testing.Datasets.manifest;
import static io.tuneline.dataset.testing.Datasets.newDatasetId;
import static io.tuneline.dataset.testing.Datasets.splitBytes;
import static io.tuneline.dataset.testing.DialogSumRows.dialogue;
import static io.tuneline.dataset.testing.DialogSumRows.json;
import static io.tuneline.dataset.testing.DialogSumRows.summary;
import static io.tuneline.dataset.testing.DialogSumRows.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code map.group=customer}: every chat of one customer lands in the split the customer's group decides. */
@QuarkusTest
class GroupMappingTest {

    private static final int CUSTOMERS = 12;
    private static final int CHATS_PER_CUSTOMER = 6;

    @Inject
    ObjectStore store;

    @Test
    void aCustomersChatsShareOneSplitDecidedByTheGroup() {
        String datasetId = newDatasetId();
        StringBuilder body = new StringBuilder();
        for (int chat = 0; chat < CHATS_PER_CUSTOMER; chat++) {
            for (int customer = 0; customer < CUSTOMERS; customer++) {
                int n = chat * CUSTOMERS + customer;
                body.append(json(Map.of("fname", "chat_" + n, "dialogue", dialogue(n), "summary", summary(n),
                        "customer", "customer-" + customer))).append('\n');
            }
        }

        given().contentType("application/x-ndjson").body(utf8(body.toString())).queryParam("map.group", "customer")
                .post("/api/v1/datasets/{datasetId}/uploads", datasetId)
                .then().statusCode(201);

        DatasetManifest manifest = manifest(datasetId, "v1");
        Map<String, Set<Split>> splitsOfCustomer = new HashMap<>();
        int examples = 0;
        for (Split split : Split.values()) {
            for (Example example : examples(splitBytes(store, manifest, split.wireName()))) {
                examples++;
                assertThat(example.group()).startsWith("customer-");
                assertThat(new SplitAssigner(manifest.splitPolicy()).assign("group:" + example.group())).as(example.id())
                        .isEqualTo(split);
                splitsOfCustomer.computeIfAbsent(example.group(), group -> new HashSet<>()).add(split);
            }
        }
        assertThat(examples).isEqualTo(CUSTOMERS * CHATS_PER_CUSTOMER);
        assertThat(splitsOfCustomer).hasSize(CUSTOMERS);
        assertThat(splitsOfCustomer.values()).allSatisfy(splits -> assertThat(splits).hasSize(1));
    }
}
