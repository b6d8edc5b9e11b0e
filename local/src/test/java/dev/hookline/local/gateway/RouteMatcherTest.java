package dev.hookline.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.local.template.HttpRoute;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteMatcherTest {

    private final RouteMatcher webhooks = new RouteMatcher(new HttpRoute("POST", "/webhooks/{source}"));

    @Test
    void singleSegmentParameterIsCaptured() {
        assertThat(webhooks.match("/webhooks/github")).contains(Map.of("source", "github"));
    }

    @Test
    void singleSegmentParameterDoesNotSpanSlashes() {
        assertThat(webhooks.match("/webhooks/a/b")).isEmpty();
    }

    @Test
    void singleSegmentParameterMustNotBeEmpty() {
        assertThat(webhooks.match("/webhooks/")).isEmpty();
        assertThat(webhooks.match("/webhooks")).isEmpty();
    }

    @Test
    void literalPartsMustMatchExactly() {
        assertThat(webhooks.match("/webhook/github")).isEmpty();
        assertThat(webhooks.match("/api/webhooks/github")).isEmpty();
        assertThat(new RouteMatcher(new HttpRoute("GET", "/v1.0/{id}")).match("/v1x0/7")).isEmpty();
    }

    @Test
    void greedyParameterCapturesSeveralSegments() {
        RouteMatcher proxy = new RouteMatcher(new HttpRoute("ANY", "/{proxy+}"));

        assertThat(proxy.match("/a/b/c")).contains(Map.of("proxy", "a/b/c"));
        assertThat(proxy.match("/single")).contains(Map.of("proxy", "single"));
        assertThat(proxy.match("/")).isEmpty();
    }

    @Test
    void severalParametersAreCapturedByName() {
        RouteMatcher matcher = new RouteMatcher(new HttpRoute("GET", "/repos/{owner}/{repo}/hooks"));

        assertThat(matcher.match("/repos/octo/cat/hooks")).contains(Map.of("owner", "octo", "repo", "cat"));
        assertThat(matcher.route()).isEqualTo(new HttpRoute("GET", "/repos/{owner}/{repo}/hooks"));
    }
}
