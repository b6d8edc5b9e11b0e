package dev.hookline.local.gateway;

import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpContinue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * Reads a request body on the connection's IO thread without ever waiting for it there, and hands
 * it over only once it has arrived whole: a slow client holds its connection until a timeout closes
 * it, never a worker thread, and no more than the limit of a body is ever held in memory.
 *
 * <p>The limit is enforced here rather than with Undertow's {@code MAX_ENTITY_SIZE}, which answers a
 * declared length over it with a bare {@code 400} and drops a chunked body over it with no answer
 * at all. A body over the limit is refused as soon as that is known. The answer to a body not read
 * (over the limit, or for no route) ends the gateway's side of the connection, and what still comes
 * of the body is read and thrown away for a moment, up to {@link #LINGER_BYTES} or
 * {@link #LINGER_TIMEOUT}, before the connection closes: closing while a client is still sending
 * resets the connection, and a reset destroys the answer before the client has read it.
 */
final class RequestBodyReader {

    /**
     * How much more of a body the gateway reads and throws away after answering it: a client that
     * stops once it has the answer sends far less, while one that never stops gets cut off soon.
     */
    static final int LINGER_BYTES = 1024 * 1024;
    /** How long the gateway waits, after answering a body it did not read, for the client to finish or hang up. */
    static final Duration LINGER_TIMEOUT = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(RequestBodyReader.class);
    /** A first buffer for a body of unknown length; it grows as chunks arrive, up to the limit. */
    private static final int CHUNKED_INITIAL_BYTES = 8 * 1024;

    /** Receives a body that arrived whole and within the limit. */
    @FunctionalInterface
    interface Received {
        void body(HttpServerExchange exchange, byte[] body);
    }

    /** Answers a request whose body is over the limit while the rest of the body is thrown away. */
    @FunctionalInterface
    interface TooLarge {
        void refuse(HttpServerExchange exchange);
    }

    private final int maxBodyBytes;
    private final Duration bodyTimeout;

    RequestBodyReader(GatewayLimits limits) {
        this.maxBodyBytes = limits.maxBodyBytes();
        this.bodyTimeout = limits.bodyTimeout();
    }

    /**
     * Reads the body of {@code exchange}, then calls {@code received}, or {@code tooLarge} as soon
     * as the body is known to be over the limit, never having waited for the client on any thread:
     * at once for a declared length, so a client that expects {@code 100 Continue} is refused
     * instead, or when the chunk that crosses the limit arrives. A body that breaks off or takes
     * longer than the body timeout has its connection closed: there is no one left to answer.
     */
    void read(HttpServerExchange exchange, Received received, TooLarge tooLarge) {
        if (exchange.isRequestComplete()) {
            received.body(exchange, new byte[0]);
            return;
        }
        Reading reading = new Reading(exchange, received, tooLarge);
        if (exchange.getRequestContentLength() > maxBodyBytes) {
            reading.refuse();
        } else {
            reading.keep();
        }
    }

    /**
     * Throws away the body of a request answered before its body was read, for at most the linger
     * bounds; the exchange ends, and the connection closes, once the body ends, the client hangs up
     * or a bound is reached. Does nothing for a request whose body has been read.
     */
    void throwAway(HttpServerExchange exchange) {
        if (!exchange.isRequestComplete()) {
            new Reading(exchange, null, null).throwAway();
        }
    }

    /** One request's body: kept while it is within the limit; once refused, read only to be thrown away. */
    private final class Reading {

        private final HttpServerExchange exchange;
        private final Received received;
        private final TooLarge tooLarge;
        /** What has arrived of a body within the limit; {@code null} once the body is being thrown away. */
        private ByteArrayOutputStream kept;
        private long thrownAway;
        private XnioExecutor.Key deadline;

        Reading(HttpServerExchange exchange, Received received, TooLarge tooLarge) {
            this.exchange = exchange;
            this.received = received;
            this.tooLarge = tooLarge;
        }

        /** Reads the body to keep it, telling a client that expects it to continue first. */
        void keep() {
            long declared = exchange.getRequestContentLength();
            // Within the limit when declared; a chunked body's buffer grows as it arrives.
            kept = new ByteArrayOutputStream(declared >= 0 ? (int) declared : CHUNKED_INITIAL_BYTES);
            // One deadline for the whole body catches a stalled client and one that trickles a byte at a time alike.
            deadline = closeAfter(bodyTimeout, "a request body took longer than " + bodyTimeout);
            if (!HttpContinue.requiresContinueResponse(exchange)) {
                receive();
                return;
            }
            HttpContinue.sendContinueResponse(exchange, new IoCallback() {
                @Override
                public void onComplete(HttpServerExchange continued, Sender sender) {
                    receive();
                }

                @Override
                public void onException(HttpServerExchange continued, Sender sender, IOException broken) {
                    deadline.remove();
                    LOG.debug("the 100 Continue could not be sent; closing the connection", broken);
                    IoUtils.safeClose(continued.getConnection());
                }
            });
        }

        /** Answers that the body is over the limit before reading any of it, then throws away what comes. */
        void refuse() {
            tooLarge.refuse(exchange);
            throwAway();
        }

        void throwAway() {
            lingerFromNow();
            receive();
        }

        private void lingerFromNow() {
            kept = null;
            deadline = closeAfter(LINGER_TIMEOUT, "a client went on with a body it was answered for");
        }

        private void receive() {
            exchange.getRequestReceiver().receivePartialBytes(this::arrived, (reading, broken) -> {
                deadline.remove();
                LOG.debug("a request body broke off; closing the connection", broken);
                IoUtils.safeClose(reading.getConnection());
            });
        }

        private void arrived(HttpServerExchange reading, byte[] bytes, boolean last) {
            if (kept != null && kept.size() + bytes.length > maxBodyBytes) {
                deadline.remove();
                lingerFromNow();
                tooLarge.refuse(reading);
            }
            if (kept == null) {
                thrownAway += bytes.length;
                if (last) {
                    // The body is over and so is the answer: the exchange ends and the connection closes.
                    deadline.remove();
                } else if (thrownAway > LINGER_BYTES) {
                    deadline.remove();
                    LOG.debug("a client went on past {} bytes of a body it was answered for; closing the connection",
                            LINGER_BYTES);
                    IoUtils.safeClose(reading.getConnection());
                }
                return;
            }
            kept.write(bytes, 0, bytes.length);
            if (last) {
                deadline.remove();
                received.body(reading, kept.toByteArray());
            }
        }

        private XnioExecutor.Key closeAfter(Duration timeout, String why) {
            try {
                return exchange.getIoThread().executeAfter(() -> {
                    LOG.debug("{}; closing the connection", why);
                    IoUtils.safeClose(exchange.getConnection());
                }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // The gateway is stopping and closes every connection: this one may as well go now.
                IoUtils.safeClose(exchange.getConnection());
                return XnioExecutor.Key.IMMEDIATE;
            }
        }
    }
}
