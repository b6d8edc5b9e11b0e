package dev.hookline.ingest;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A webhook request as it reached the front door.
 *
 * @param headers request headers; look them up with {@link #header(String)}, which ignores case
 * @param body the raw body bytes exactly as sent, which signatures are computed over
 * @param apiUrl the API's own address as its gateway reports it (never a header the sender wrote), for
 *     the status URL when no public base URL is configured; {@code null} when unknown
 */
public record IncomingWebhook(String source, Map<String, String> headers, byte[] body, String apiUrl) {

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
