package dev.hookline.local.template;

/** An HTTP API route: method and path, with {@code {name}} path parameters. */
public record HttpRoute(String method, String path) {

    public String routeKey() {
        return method + " " + path;
    }
}
