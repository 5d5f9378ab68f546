package io.fulcrum.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

class DeepLinksTest {
    @Test
    void pagesOfTheDashboardAreDeepLinksFilesAndTheApiAreNot() {
        assertThat(DeepLinks.isDeepLink(HttpMethod.GET, "/virtual-servers/web")).isTrue();
        assertThat(DeepLinks.isDeepLink(HttpMethod.GET, "/audit")).isTrue();
        assertThat(DeepLinks.isDeepLink(HttpMethod.HEAD, "/tokens")).isTrue();
        assertThat(DeepLinks.isDeepLink(HttpMethod.GET, "/")).isFalse();
        assertThat(DeepLinks.isDeepLink(HttpMethod.GET, "/assets/index-Dtt1so4v.js"))
                .isFalse();
        assertThat(DeepLinks.isDeepLink(HttpMethod.GET, "/favicon.svg")).isFalse();
        assertThat(DeepLinks.isDeepLink(HttpMethod.GET, "/api/v1/virtual-servers"))
                .isFalse();
        assertThat(DeepLinks.isDeepLink(HttpMethod.GET, "/api")).isFalse();
        assertThat(DeepLinks.isDeepLink(HttpMethod.GET, "/q/health/ready")).isFalse();
        assertThat(DeepLinks.isDeepLink(HttpMethod.POST, "/virtual-servers")).isFalse();
    }
}
