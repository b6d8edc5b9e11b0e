package dev.hookline.local.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps other web pages from changing anything through the console. Each page load is issued a
 * random session value in a {@code SameSite=Strict} cookie; a state-changing request must carry
 * the same value in the {@value #HEADER} header, which only a script of the console's own origin
 * can read from the cookie, and an {@code Origin} that is the console's own. A page elsewhere can
 * make the browser send the cookie on a form post at most, never set the header.
 */
final class SessionGuard {

    /** Followed by the console's port: browsers share a host's cookies across its ports, and two consoles may run. */
    static final String COOKIE_PREFIX = "hookline_console_session_";
    static final String HEADER = "X-Hookline-Session";
    /** Sessions remembered; the oldest is forgotten first, and its page must be reloaded. */
    private static final int REMEMBERED = 1_000;

    private final SecureRandom random = new SecureRandom();
    private final Set<String> issued = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED;
                }
            }));

    /** A new session value, and the {@code Set-Cookie} header value that hands it to the page. */
    String issue() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        issued.add(value);
        return value;
    }

    static String cookieName(int port) {
        return COOKIE_PREFIX + port;
    }

    static String cookieHeader(int port, String value) {
        // Not HttpOnly: the page's own script reads it to echo it in the header.
        return cookieName(port) + "=" + value + "; Path=/; SameSite=Strict";
    }

    /**
     * Why a state-changing request is refused, or empty when it may go ahead.
     *
     * @param ownOrigins the origins the console is served from
     */
    Optional<String> refusal(Optional<String> origin, Set<String> ownOrigins, Optional<String> cookie,
            Optional<String> header) {
        if (origin.isEmpty() || !ownOrigins.contains(origin.get())) {
            return Optional.of("this request did not come from the console's own page; open the console and use"
                    + " its buttons");
        }
        if (cookie.isEmpty() || header.isEmpty() || !MessageDigest.isEqual(cookie.get().getBytes(StandardCharsets.UTF_8),
                        header.get().getBytes(StandardCharsets.UTF_8))
                || !issued.contains(cookie.get())) {
            return Optional.of("the console session is missing or has expired; reload the page and try again");
        }
        return Optional.empty();
    }
}
