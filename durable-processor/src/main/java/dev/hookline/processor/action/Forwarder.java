package dev.hookline.processor.action;

import dev.hookline.ingest.signature.StandardWebhooksSignature;
import dev.hookline.ingest.source.ProcessAction;
import dev.hookline.processor.durable.exception.NonRetryableStepException;
import dev.hookline.processor.durable.exception.StepException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * The {@code forward} action: POSTs a webhook's raw body to a source's target, signed with the
 * Standard Webhooks scheme ({@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}),
 * and sorts the answer into accepted (2xx), refused for good (3xx, since redirects are not followed,
 * and 4xx but 408 and 429: an operator must fix the target or the configuration) or worth retrying
 * (everything else). A target that keeps timing out is not tried for a while: see {@link TargetBreaker}.
 *
 * <p>Error messages name the target by host and path only (a query string may hold a token) and
 * never carry the secret or the signature; they are shown on the status API.
 */
public final class Forwarder {

    /** The {@code Content-Type} sent when the caller names none. */
    public static final String DEFAULT_CONTENT_TYPE = "application/json";
    /** The {@code User-Agent} every forward carries. */
    public static final String USER_AGENT = "Hookline";

    static final String FAILED = "forward_failed";
    static final String REJECTED = "forward_rejected";

    private final HttpClient client;
    private final Clock clock;
    private final TargetBreaker breaker;

    /**
     * @param client sends the requests; each request's timeout is its target's {@code timeout()}
     * @param clock gives {@code webhook-timestamp} and times the breaker
     * @param breaker when to stop trying a target that does not answer
     */
    public Forwarder(HttpClient client, Clock clock, TargetBreaker.Settings breaker) {
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.breaker = new TargetBreaker(breaker, clock);
    }

    /**
     * A forwarder on a new HTTP/1.1 client that never follows redirects and gives up connecting
     * after {@code connectTimeout}; each request is still bounded by its target's own timeout.
     * Make one per process and share it: the client keeps connections open between forwards.
     */
    public static Forwarder create(Duration connectTimeout, Clock clock) {
        return create(connectTimeout, clock, TargetBreaker.Settings.DEFAULT);
    }

    /** {@link #create(Duration, Clock)} with the breaker's settings given. */
    public static Forwarder create(Duration connectTimeout, Clock clock, TargetBreaker.Settings breaker) {
        return new Forwarder(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build(), clock, breaker);
    }

    /** {@link #create(Duration, Clock)} with the default forward timeout (10 s) to connect, on the UTC clock. */
    public static Forwarder create() {
        return create(ProcessAction.Forward.DEFAULT_TIMEOUT, Clock.systemUTC());
    }

    /**
     * Sends {@code body}, byte for byte, to {@code target.url()}.
     *
     * @param source the source whose webhook this is; with the target, it names the breaker that counts
     * @param webhookId the {@code webhook-id} the target sees and signs over: the execution's record
     *     id, the same on every retry so the target can drop duplicates
     * @param contentType the body's media type, as the sender gave it; {@code null} or blank means
     *     {@value #DEFAULT_CONTENT_TYPE}
     * @return the status and duration of a 2xx answer
     * @throws NonRetryableStepException {@code forward_rejected}: a 3xx, or a 4xx other than 408 and 429
     * @throws StepException {@code forward_failed}: any other status, a timeout, a refused connection
     *     or another I/O error, an interrupt (whose flag is restored), or a target whose breaker is
     *     open, which is not sent to; worth retrying
     * @throws IllegalArgumentException if {@code webhookId} or {@code contentType} cannot be a header value
     */
    public ForwardResult forward(
            String source, ProcessAction.Forward target, String webhookId, byte[] body, String contentType) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(body, "body");
        if (webhookId == null || webhookId.isBlank()) {
            throw new IllegalArgumentException("webhookId must be a non-blank string");
        }
        long timestamp = clock.instant().getEpochSecond();
        String signature = StandardWebhooksSignature.sign(target.signingSecret(), webhookId, timestamp, body);
        HttpRequest request = HttpRequest.newBuilder(target.url())
                .timeout(target.timeout())
                .header("Content-Type", contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType)
                .header("User-Agent", USER_AGENT)
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        String where = describe(target.url());
        // Admitted only once nothing but the send can throw: a probe that is never settled would keep
        // the breaker refusing for good.
        TargetBreaker.Admission admission = breaker.admit(source, target.url());
        if (admission == TargetBreaker.Admission.REFUSED) {
            throw new StepException(FAILED, "not sent: " + where + " has stopped answering (the last "
                    + breaker.settings().consecutiveTimeouts() + " forwards to it timed out), so forwards to it"
                    + " pause, then try it one at a time until it answers");
        }
        TargetBreaker.Outcome outcome = TargetBreaker.Outcome.OTHER_ERROR;
        long started = System.nanoTime();
        HttpResponse<Void> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.discarding());
            outcome = TargetBreaker.Outcome.ANSWERED;
        } catch (HttpConnectTimeoutException slow) {
            outcome = TargetBreaker.Outcome.TIMED_OUT;
            throw new StepException(FAILED, "could not connect to " + where + " within "
                    + Math.max(1, Math.round(elapsedSince(started).toMillis() / 1000.0)) + " s", slow);
        } catch (HttpTimeoutException slow) {
            outcome = TargetBreaker.Outcome.TIMED_OUT;
            throw new StepException(FAILED, "forward to " + where + " timed out after " + seconds(target.timeout())
                    + " without an answer", slow);
        } catch (ConnectException refused) {
            throw new StepException(FAILED, "could not connect to " + where + ": "
                    + (causedBy(refused, UnresolvedAddressException.class)
                            ? "its host name does not resolve" : "connection refused"), refused);
        } catch (SSLException tls) {
            throw new StepException(FAILED, "the TLS handshake with " + where + " failed: "
                    + safeMessage(tls, target.url(), signature), tls);
        } catch (IOException broken) {
            throw new StepException(FAILED, "forward to " + where + " failed after " + elapsedSince(started).toMillis()
                    + " ms: " + safeMessage(broken, target.url(), signature), broken);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new StepException(FAILED, "forward to " + where + " was interrupted before it answered");
        } finally {
            breaker.settle(source, target.url(), admission, outcome);
        }
        long elapsedMillis = elapsedSince(started).toMillis();
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new ForwardResult(status, elapsedMillis);
        }
        String answered = where + " answered " + status + " after " + elapsedMillis + " ms";
        if (status >= 300 && status < 400) {
            throw new NonRetryableStepException(REJECTED, answered + " (" + redirectedTo(response, target.url())
                    + "); redirects are not followed, point forwardUrl at the final address");
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            throw new NonRetryableStepException(REJECTED, answered + hint(status));
        }
        throw new StepException(FAILED, answered + hint(status));
    }

    private static String hint(int status) {
        return switch (status) {
            case 401, 403 -> "; check that the target verifies with this source's forwardSecret";
            case 404, 410 -> "; check the source's forwardUrl";
            case 413 -> "; the body is larger than the target accepts";
            default -> "";
        };
    }

    /** Where a redirect points, described as {@link #describe} does; a relative Location is resolved first. */
    private static String redirectedTo(HttpResponse<?> response, URI from) {
        return response.headers().firstValue("Location")
                .map(location -> {
                    try {
                        URI to = from.resolve(location.trim());
                        return to.getHost() == null ? "Location without a host" : "Location: " + describe(to);
                    } catch (IllegalArgumentException unreadable) {
                        return "Location not a URL";
                    }
                })
                .orElse("no Location");
    }

    /** Host, port if any, and path: never the query or user info, which may hold a credential. */
    static String describe(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + path;
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static Duration elapsedSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable link = error; link != null; link = link.getCause()) {
            if (type.isInstance(link)) {
                return true;
            }
        }
        return false;
    }

    // The JDK's messages do not quote requests, but the URL and signature are scrubbed in case one does.
    private static String safeMessage(IOException error, URI url, String signature) {
        String message = error.getMessage() == null || error.getMessage().isBlank()
                ? error.getClass().getSimpleName()
                : error.getClass().getSimpleName() + ": " + error.getMessage();
        return message.replace(url.toString(), describe(url)).replace(signature, "<signature>")
                .replace(signature.substring(signature.indexOf(',') + 1), "<signature>");
    }
}
