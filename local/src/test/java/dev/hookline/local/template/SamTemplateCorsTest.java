package dev.hookline.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamTemplateCorsTest {

    private static final SamTemplate TEMPLATE = SamTemplate.read(Path.of("../template.yaml"));

    @Test
    void corsIsOffWhenNoOriginsAreConfigured() {
        assertThat(TEMPLATE.parameters()).containsEntry("CorsAllowedOrigins", "");
        assertThat(TEMPLATE.cors()).isEmpty();
    }

    @Test
    void theOriginsParameterTurnsCorsOnForExactlyThoseOrigins() {
        SamTemplate deployed = TEMPLATE.withParameters(
                Map.of("CorsAllowedOrigins", "https://ops.example.com,http://localhost:5173"));

        assertThat(deployed.cors()).hasValueSatisfying(cors -> {
            assertThat(cors.allowOrigins()).containsExactly("https://ops.example.com", "http://localhost:5173");
            assertThat(cors.allowMethods()).containsExactly("GET", "POST");
            assertThat(cors.allowHeaders()).contains("content-type", "authorization", "x-amz-date");
            assertThat(cors.maxAgeSeconds()).isEqualTo(600);
            assertThat(cors.allowCredentials()).isFalse();
        });
    }

    @Test
    void aWildcardOrAMalformedOriginsParameterIsRefusedNamingTheParameter() {
        for (String refused : List.of("*", "https://ops.example.com/", "https://a.example.com, https://b.example.com",
                "https://*.example.com", "ops.example.com")) {
            assertThatThrownBy(() -> TEMPLATE.withParameters(Map.of("CorsAllowedOrigins", refused)))
                    .as(refused)
                    .isInstanceOf(TemplateException.class)
                    .hasMessageStartingWith("parameter CorsAllowedOrigins must be empty or a comma-separated list");
        }
    }

    @Test
    void conditionsIfSplitAndJoinAreEvaluatedWithTheParameters() {
        SamTemplate template = SamTemplate.parse("""
                Parameters:
                  Origins: { Type: String, Default: "" }
                  Stage: { Type: String, Default: prod }
                Conditions:
                  HasOrigins: !Not [!Equals [!Ref Origins, ""]]
                  IsProd: {"Fn::Equals": [{Ref: Stage}, prod]}
                  Both: !And [!Condition HasOrigins, {Condition: IsProd}]
                  Either: !Or [!Condition HasOrigins, !Equals [a, b]]
                Resources:
                  Api:
                    Type: AWS::Serverless::HttpApi
                    Properties:
                      CorsConfiguration: !If
                        - Either
                        - AllowOrigins: !Split [",", !Ref Origins]
                          AllowMethods: !If [Both, [GET, POST], [GET]]
                          ExposeHeaders: [!Join ["-", [x, !Ref Stage]], !Ref AWS::NoValue]
                          MaxAge: !If [IsProd, 300, !Ref AWS::NoValue]
                        - !Ref AWS::NoValue
                """);

        assertThat(template.cors()).isEmpty();
        assertThat(template.withParameters(Map.of("Origins", "https://a.example,https://b.example")).cors())
                .contains(new CorsSpec(List.of("https://a.example", "https://b.example"), List.of("GET", "POST"),
                        List.of(), List.of("x-prod"), 300, false));
        assertThat(template.withParameters(Map.of("Origins", "https://a.example", "Stage", "dev")).cors())
                .contains(new CorsSpec(List.of("https://a.example"), List.of("GET"), List.of(), List.of("x-dev"),
                        null, false));
    }

    @Test
    void corsConfigurationUnderGlobalsIsReadToo() {
        SamTemplate template = SamTemplate.parse("""
                Globals:
                  HttpApi:
                    CorsConfiguration:
                      AllowOrigins: [https://ops.example.com]
                Resources:
                  Api:
                    Type: AWS::Serverless::HttpApi
                """);

        assertThat(template.cors()).map(CorsSpec::allowOrigins).contains(List.of("https://ops.example.com"));
    }

    @Test
    void aConfigurationThatAllowsEveryOriginIsRefused() {
        for (String configuration : List.of("{AllowOrigins: ['*']}", "true")) {
            SamTemplate template = SamTemplate.parse("""
                    Resources:
                      Api:
                        Type: AWS::Serverless::HttpApi
                        Properties:
                          CorsConfiguration: %s
                    """.formatted(configuration));

            assertThatThrownBy(template::cors).as(configuration)
                    .isInstanceOf(TemplateException.class)
                    .hasMessageContaining("origin");
        }
    }

    @Test
    void anUndefinedConditionIsReportedByName() {
        SamTemplate template = SamTemplate.parse("""
                Resources:
                  Api:
                    Type: AWS::Serverless::HttpApi
                    Properties:
                      CorsConfiguration: !If [Missing, {AllowOrigins: [https://a.example]}, !Ref AWS::NoValue]
                """);

        assertThatThrownBy(template::cors).isInstanceOf(TemplateException.class).hasMessageContaining("Missing");
    }
}
