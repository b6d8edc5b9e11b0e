package dev.hookline.loadtests.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Open-model load on a running {@code hookline serve}: signed webhooks for the built-in demo source
 * at a constant arrival rate, each with its own delivery id. The run fails unless every request is
 * answered 202 and the 99th percentile stays under a second.
 */
public class IngestSimulation extends Simulation {

    private static final String BASE_URL = System.getProperty("baseUrl", "http://127.0.0.1:3000");
    private static final String SECRET = System.getProperty("secret", "local-demo-secret");
    private static final int RATE = Integer.getInteger("rate", 100);
    private static final int SECONDS = Integer.getInteger("seconds", 30);
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final HttpProtocolBuilder protocol = http.baseUrl(BASE_URL).contentTypeHeader("application/json");

    private final ScenarioBuilder signedWebhooks = scenario("signed webhooks")
            .exec(session -> {
                String body = "{\"type\":\"order\",\"orderId\":\"G-" + SEQUENCE.incrementAndGet() + "\"}";
                return session.set("body", body)
                        .set("delivery", UUID.randomUUID().toString())
                        .set("signature", "sha256=" + hmacSha256Hex(body));
            })
            .exec(http("POST /webhooks/demo")
                    .post("/webhooks/demo")
                    .header("X-GitHub-Delivery", "#{delivery}")
                    .header("X-Hub-Signature-256", "#{signature}")
                    .body(StringBody("#{body}"))
                    .check(status().is(202)));

    {
        setUp(signedWebhooks.injectOpen(constantUsersPerSec(RATE).during(SECONDS)))
                .protocols(protocol)
                .assertions(
                        global().successfulRequests().percent().is(100.0),
                        global().responseTime().percentile(99.0).lt(1000));
    }

    private static String hmacSha256Hex(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
