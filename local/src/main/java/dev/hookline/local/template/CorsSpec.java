package dev.hookline.local.template;

import java.util.List;

/**
 * The HTTP API's CORS configuration as the template declares it, conditions and parameters applied,
 * as API Gateway applies it: which origins may read responses from a browser, and what a preflight
 * request is told.
 *
 * @param allowOrigins whole origins ({@code https://ops.example.com}); never {@code *}
 * @param maxAgeSeconds how long a browser may cache a preflight answer, or {@code null}
 */
public record CorsSpec(
        List<String> allowOrigins,
        List<String> allowMethods,
        List<String> allowHeaders,
        List<String> exposeHeaders,
        Integer maxAgeSeconds,
        boolean allowCredentials) {

    public CorsSpec {
        allowOrigins = List.copyOf(allowOrigins);
        allowMethods = List.copyOf(allowMethods);
        allowHeaders = List.copyOf(allowHeaders);
        exposeHeaders = List.copyOf(exposeHeaders);
    }
}
