package io.tuneline.dataset.testing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * The service with the support-chat stream switched off, for measurements of the upload path alone: with the stream
 * on, chats other test classes left on the shared broker are consumed and held pending while the measurement runs.
 */
public class UploadOnlyProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("tuneline.dataset.stream.enabled", "false");
    }
}
