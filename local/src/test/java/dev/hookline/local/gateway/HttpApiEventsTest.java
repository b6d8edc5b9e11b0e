package dev.hookline.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpApiEventsTest {

    private static final String ROUTE_KEY = "POST /webhooks/{source}";
    private static final Map<String, String> PATH_PARAMETERS = Map.of("source", "github");

    @Test
    void jsonBodyStaysTextByteForByte() {
        String json = "{\"type\":\"order\",\"note\":\"caf\u00e9 \u2713\",\"n\":  1}\n";

        APIGatewayV2HTTPEvent event = toEvent(Map.of("Content-Type", List.of("application/json")),
                json.getBytes(StandardCharsets.UTF_8));

        assertThat(event.getIsBase64Encoded()).isFalse();
        assertThat(event.getBody()).isEqualTo(json);
        assertThat(event.getBody().getBytes(StandardCharsets.UTF_8)).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void invalidUtf8BodyIsBase64AndDecodesToTheSameBytes() {
        byte[] body = {'{', '"', 'a', '"', ':', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '}'};

        APIGatewayV2HTTPEvent event = toEvent(Map.of("Content-Type", List.of("application/json")), body);

        assertThat(event.getIsBase64Encoded()).isTrue();
        assertThat(Base64.getDecoder().decode(event.getBody())).isEqualTo(body);
    }

    @Test
    void octetStreamBodyIsBase64EvenWhenItIsValidUtf8() {
        byte[] body = "plain ascii bytes".getBytes(StandardCharsets.US_ASCII);

        APIGatewayV2HTTPEvent event = toEvent(Map.of("Content-Type", List.of("application/octet-stream")), body);

        assertThat(event.getIsBase64Encoded()).isTrue();
        assertThat(event.getBody()).isNotEqualTo("plain ascii bytes");
        assertThat(Base64.getDecoder().decode(event.getBody())).isEqualTo(body);
    }

    @Test
    void emptyBodyIsAbsentAndNotBase64() {
        APIGatewayV2HTTPEvent event = toEvent(Map.of(), new byte[0]);

        assertThat(event.getBody()).isNull();
        assertThat(event.getIsBase64Encoded()).isFalse();
    }

    @Test
    void headerNamesAreLowerCasedAndRepeatedValuesJoinedWithCommas() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("X-GitHub-Event", List.of("push"));
        headers.put("Accept", List.of("text/plain", "application/json"));
        headers.put("Content-Type", List.of("application/json"));

        APIGatewayV2HTTPEvent event = toEvent(headers, "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(event.getHeaders()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "x-github-event", "push",
                "accept", "text/plain,application/json",
                "content-type", "application/json"));
    }

    @Test
    void routeKeyAndPathParametersAreSet() {
        APIGatewayV2HTTPEvent event = toEvent(Map.of("User-Agent", List.of("GitHub-Hookshot/abc")),
                "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(event.getRouteKey()).isEqualTo(ROUTE_KEY);
        assertThat(event.getRequestContext().getRouteKey()).isEqualTo(ROUTE_KEY);
        assertThat(event.getPathParameters()).isEqualTo(PATH_PARAMETERS);
        assertThat(event.getRawPath()).isEqualTo("/webhooks/github");
        assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo("POST");
        assertThat(event.getRequestContext().getHttp().getUserAgent()).isEqualTo("GitHub-Hookshot/abc");
    }

    private static APIGatewayV2HTTPEvent toEvent(Map<String, List<String>> headers, byte[] body) {
        HttpApiEvents.Request request = new HttpApiEvents.Request("POST", "/webhooks/github", null, headers,
                Map.of(), body, "127.0.0.1");
        return HttpApiEvents.toEvent(request, ROUTE_KEY, PATH_PARAMETERS);
    }
}
