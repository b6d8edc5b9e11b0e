package dev.hookline.loadtests;

import dev.hookline.ingest.IncomingWebhook;
import dev.hookline.ingest.signature.GitHubSignature;
import dev.hookline.ingest.signature.Secret;
import dev.hookline.ingest.signature.StandardWebhooksSignature;
import dev.hookline.ingest.signature.StripeSignature;
import dev.hookline.ingest.signature.Verification;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What verifying one request's signature costs for a 4 KiB body.
 *
 * <pre>mvn -q -pl load-tests exec:java -Dexec.mainClass=org.openjdk.jmh.Main -Dexec.args="SignatureVerification"</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SignatureVerificationBenchmark {

    private static final int BODY_BYTES = 4096;

    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final GitHubSignature github = new GitHubSignature();
    private final StripeSignature stripe = new StripeSignature(TOLERANCE, Clock.systemUTC());
    private final StandardWebhooksSignature standard = new StandardWebhooksSignature(TOLERANCE, Clock.systemUTC());
    private List<Secret> secrets;
    private IncomingWebhook githubRequest;
    private IncomingWebhook stripeRequest;
    private IncomingWebhook standardRequest;

    /** Each request is signed with the second secret: the worst valid case tries both. */
    @Setup
    public void signBody() {
        byte[] body = ("{\"type\":\"order\",\"pad\":\"" + "x".repeat(BODY_BYTES - 26) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        Secret secret = Secret.ofBytes("benchmark-secret".getBytes(StandardCharsets.UTF_8));
        secrets = List.of(Secret.ofUtf8("rotated-out-secret"), secret);
        long now = Instant.now().getEpochSecond();
        githubRequest = request(Map.of(GitHubSignature.SIGNATURE_HEADER, GitHubSignature.sign(secret, body)), body);
        stripeRequest = request(Map.of("Stripe-Signature", StripeSignature.sign(secret, now, body)), body);
        standardRequest = request(Map.of("webhook-id", "msg_1", "webhook-timestamp", Long.toString(now),
                "webhook-signature", StandardWebhooksSignature.sign(secret, "msg_1", now, body)), body);
    }

    @Benchmark
    public Verification github() {
        return github.verify(githubRequest, secrets);
    }

    @Benchmark
    public Verification stripe() {
        return stripe.verify(stripeRequest, secrets);
    }

    @Benchmark
    public Verification standardWebhooks() {
        return standard.verify(standardRequest, secrets);
    }

    private static IncomingWebhook request(Map<String, String> headers, byte[] body) {
        return new IncomingWebhook("bench", headers, body, "http://localhost");
    }
}
