package io.tuneline.dataset.testing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The stream at volume: its own dataset (so other stream tests keep theirs) and a cut every 50 chats. */
public class VolumeStreamProfile implements QuarkusTestProfile {

    public static final String DATASET_ID = "volume-chats";
    public static final int CUT_EVERY = 50;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("tuneline.dataset.stream.dataset-id", DATASET_ID,
                "tuneline.dataset.stream.cut-every-examples", String.valueOf(CUT_EVERY));
    }
}
