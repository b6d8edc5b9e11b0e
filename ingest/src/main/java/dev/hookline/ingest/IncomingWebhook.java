package dev.hookline.ingest;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A webhook request as it reached the front door.
 *
 * @param headers request headers; look them up with {@link #header(String)}, which ignores case
 * @param body the raw body bytes exactly as sent, which signatures are computed over
 * @param baseUrl scheme and host the sender used, to build the status URL
 */
public record IncomingWebhook(String source, Map<String, String> headers, byte[] body, String baseUrl) {

    public IncomingWebhook {
        Map<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseInsensitive.putAll(headers);
        headers = caseInsensitive;
    }

    /** The header's value, or {@code null} when absent. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
