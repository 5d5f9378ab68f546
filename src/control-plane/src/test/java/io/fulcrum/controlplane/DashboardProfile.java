package io.fulcrum.controlplane;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The control plane with its dashboard: Quinoa builds web-ui/ (it is off in every other test). */
public class DashboardProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.quinoa", "true");
    }
}
