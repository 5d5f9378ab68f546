package io.fulcrum.controlplane;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Requests to the control plane under test. Every response passes through openapi.yaml's validator:
 * a response the contract does not describe fails the test that caused it. (Requests are not
 * validated: the bad-input tests send invalid ones on purpose.)
 */
public final class Api {
    private static final OpenApiValidationFilter CONTRACT =
            new OpenApiValidationFilter(OpenApiInteractionValidator.createForSpecificationUrl(
                            contract().toUri().toString())
                    .withLevelResolver(LevelResolver.create()
                            .withLevel("validation.request", ValidationReport.Level.IGNORE)
                            .build())
                    .build());

    private Api() {}

    /** The repository's openapi.yaml (the one contract source). */
    public static Path contract() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("openapi.yaml")) && Files.exists(p.resolve("pom.xml")))
                return p.resolve("openapi.yaml");
        }
        throw new IllegalStateException(
                "openapi.yaml not found above " + Path.of("").toAbsolutePath());
    }

    public static RequestSpecification anonymous() {
        return RestAssured.given().filter(CONTRACT).contentType(ContentType.JSON);
    }

    public static RequestSpecification as(String token) {
        return anonymous().header("Authorization", "Bearer " + token);
    }

    public static RequestSpecification admin() {
        return as(EmbeddedPostgresResource.ADMIN_TOKEN);
    }

    public static long revision() {
        return admin().get("/api/v1/revision")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("revision");
    }

    /** Deletes every virtual server, VRRP group and director (tests share one database). */
    public static void deleteAll() {
        for (String kind : new String[] {"virtual-servers", "vrrp-groups", "directors"}) {
            while (true) {
                Response r = admin().get("/api/v1/" + kind + "?limit=1000");
                var names = r.jsonPath().<String>getList("items.name");
                if (names.isEmpty()) break;
                for (String n : names)
                    admin().delete("/api/v1/" + kind + "/" + n).then().statusCode(204);
            }
        }
    }
}
