package io.tuneline.common.rest;

import java.util.List;

/** What {@code GET /api/v1/status} of a service says about it: who it is, which build, what it does. */
public record ServiceStatus(String service, String version, String role, List<String> capabilities,
                            List<String> planned) {

    public ServiceStatus {
        capabilities = List.copyOf(capabilities);
        planned = List.copyOf(planned);
    }
}
