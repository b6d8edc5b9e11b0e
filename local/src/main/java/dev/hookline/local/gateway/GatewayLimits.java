package dev.hookline.local.gateway;

import java.time.Duration;

/**
 * How much of a request the gateway reads and how long it waits for it, so that no client, slow or
 * hostile, holds a connection or memory for long. A webhook provider sends its headers and a body
 * of a few kilobytes in well under a second, so the timeouts only ever stop clients that stall.
 *
 * @param maxBodyBytes the longest body read; a longer one is refused with {@code 413}
 * @param headerTimeout how long the request line and headers may take, from their first byte
 * @param bodyTimeout how long a whole body may take, from the end of the headers, however it trickles in
 * @param idleTimeout how long a connection may stay open without starting a request
 */
record GatewayLimits(int maxBodyBytes, Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout) {

    /** Headers fit in one or two packets; 10 s covers a congested link and frees a stalled connection soon. */
    static final Duration HEADER_TIMEOUT = Duration.ofSeconds(10);
    /**
     * 256 KiB take 2 s even at 1 Mbit/s; 30 s, API Gateway's own longest wait for an integration,
     * also rides out several TCP retransmissions on a lossy link.
     */
    static final Duration BODY_TIMEOUT = Duration.ofSeconds(30);
    /** Providers open a connection to send at once; one idle for 30 s is abandoned, and reopening costs them little. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    GatewayLimits {
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive, got " + maxBodyBytes);
        }
        for (Duration timeout : new Duration[] {headerTimeout, bodyTimeout, idleTimeout}) {
            // Undertow takes its timeouts as int milliseconds.
            if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("a timeout must be positive and under 24 days, got " + timeout);
            }
        }
    }

    /** The default timeouts, with bodies up to {@code maxBodyBytes}. */
    static GatewayLimits forBodiesUpTo(int maxBodyBytes) {
        return new GatewayLimits(maxBodyBytes, HEADER_TIMEOUT, BODY_TIMEOUT, IDLE_TIMEOUT);
    }
}
