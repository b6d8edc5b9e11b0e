package dev.hookline.local.gateway;

import dev.hookline.local.template.HttpRoute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Matches a request path against a route path such as {@code /webhooks/{source}} or {@code /{proxy+}}. */
final class RouteMatcher {

    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z0-9_]+)(\\+?)}");

    private final HttpRoute route;
    private final Pattern pattern;
    private final List<String> parameterNames = new ArrayList<>();

    RouteMatcher(HttpRoute route) {
        this.route = route;
        Matcher matcher = PARAMETER.matcher(route.path());
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (matcher.find()) {
            regex.append(Pattern.quote(route.path().substring(last, matcher.start())));
            regex.append(matcher.group(2).isEmpty() ? "([^/]+)" : "(.+)");
            parameterNames.add(matcher.group(1));
            last = matcher.end();
        }
        regex.append(Pattern.quote(route.path().substring(last)));
        this.pattern = Pattern.compile(regex.toString());
    }

    HttpRoute route() {
        return route;
    }

    /** The path parameters when the path matches this route's path, whatever the method. */
    Optional<Map<String, String>> match(String path) {
        Matcher matcher = pattern.matcher(path);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < parameterNames.size(); i++) {
            parameters.put(parameterNames.get(i), matcher.group(i + 1));
        }
        return Optional.of(parameters);
    }
}
