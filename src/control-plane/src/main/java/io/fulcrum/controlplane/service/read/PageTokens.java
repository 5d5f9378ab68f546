package io.fulcrum.controlplane.service.read;

import io.fulcrum.controlplane.service.ApiProblem;
import io.fulcrum.model.FieldError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Opaque page tokens: the sort key of the last item of the previous page. */
public final class PageTokens {
    private PageTokens() {}

    public static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("k:" + key).getBytes(StandardCharsets.UTF_8));
    }

    public static String decode(String token) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (s.startsWith("k:")) return s.substring(2);
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw ApiProblem.invalid(List.of(new FieldError("pageToken", "is not a token this server issued")));
    }
}
