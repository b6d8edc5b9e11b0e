package dev.hookline.local.gateway;

import dev.hookline.local.template.CorsSpec;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Applies the template's CORS configuration as API Gateway's HTTP API does: it answers preflight
 * requests itself, and adds {@code Access-Control-Allow-Origin} (the request's origin, never
 * {@code *}) with {@code Vary: Origin} to responses for allowed origins; other origins get no CORS
 * headers, so browsers keep the answers from them.
 */
final class CorsPolicy {

    private final CorsSpec spec;

    CorsPolicy(CorsSpec spec) {
        this.spec = spec;
    }

    /** Whether a request is a CORS preflight, which the gateway answers without calling a function. */
    static boolean isPreflight(String method, String origin, String requestedMethod) {
        return method.equals("OPTIONS") && origin != null && requestedMethod != null;
    }

    /** Headers of the answer to a preflight: none when the origin is not allowed. */
    Map<String, String> preflightHeaders(String origin) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (allowed(origin).isEmpty()) {
            return headers;
        }
        headers.putAll(responseHeaders(origin));
        if (!spec.allowMethods().isEmpty()) {
            headers.put("access-control-allow-methods", String.join(",", spec.allowMethods()));
        }
        if (!spec.allowHeaders().isEmpty()) {
            headers.put("access-control-allow-headers", String.join(",", spec.allowHeaders()));
        }
        if (spec.maxAgeSeconds() != null) {
            headers.put("access-control-max-age", spec.maxAgeSeconds().toString());
        }
        return headers;
    }

    /** Headers to add to a response for a request from {@code origin}: none when it is not allowed. */
    Map<String, String> responseHeaders(String origin) {
        Map<String, String> headers = new LinkedHashMap<>();
        allowed(origin).ifPresent(allowed -> {
            headers.put("access-control-allow-origin", allowed);
            headers.put("vary", "Origin");
            if (spec.allowCredentials()) {
                headers.put("access-control-allow-credentials", "true");
            }
            if (!spec.exposeHeaders().isEmpty()) {
                headers.put("access-control-expose-headers", String.join(",", spec.exposeHeaders()));
            }
        });
        return headers;
    }

    /** The origin as the browser sent it, when the configuration lists it (scheme and host ignore case). */
    private Optional<String> allowed(String origin) {
        if (origin == null) {
            return Optional.empty();
        }
        String wanted = origin.toLowerCase(Locale.ROOT);
        return spec.allowOrigins().stream()
                .filter(candidate -> candidate.toLowerCase(Locale.ROOT).equals(wanted))
                .findFirst()
                .map(candidate -> origin);
    }
}
