package dev.hookline.events.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.events.ExecutionError;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.Lease;
import dev.hookline.events.StoredBody;
import dev.hookline.events.store.capacity.CapacityMeter;
import dev.hookline.events.store.capacity.MeteredCapacity;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Holds the store to its write-unit budget: the writes a webhook makes on the happy path, as ingest
 * and the checkpoint engine make them, with a 512-byte body and step results of the sizes the
 * workflow produces, cost at most 5 write units, table and indexes together, counted by
 * DynamoDB's rules; a retry at most 2 more.
 */
class ExecutionStoreWriteBudgetTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final String OWNER = "3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b";
    private static final String VALIDATED = "{\"violations\":[]}";
    private static final String FORWARDED = "{\"action\":\"forward\",\"eventType\":\"order.created\",\"bytes\":512,"
            + "\"fields\":[\"type\",\"orderId\",\"customer\",\"amount\",\"currency\",\"padding\"],"
            + "\"forward\":{\"status\":200,\"target\":\"https://orders.example.com/hooks/incoming\",\"attempt\":1}}";
    private static final String RESULT = "{\"outcome\":\"completed\",\"summary\":" + FORWARDED + "}";

    @RegisterExtension
    static final ExecutionsTestTable dynamoDb = new ExecutionsTestTable();
    private final CapacityMeter meter = new CapacityMeter(dynamoDb.client());
    private final ExecutionStore store = new ExecutionStore(meter.client(), dynamoDb.table());

    @Test
    void aWebhookOnTheHappyPathCostsAtMostFiveWriteUnitsOneOfThemOnAnIndex() {
        store.registerSource("shopify");
        MeteredCapacity before = meter.totals();

        ExecutionRecord record = accepted();
        MeteredCapacity atIngest = meter.totals().since(before);
        store.advanceUntouched(Advance.stepCompleted(record.recordId(), OWNER, 1, 1, "validate", VALIDATED,
                ExecutionStatus.PROCESSING, NOW.plusMillis(40)), NOW.plusSeconds(90));
        store.advance(Advance.stepsCompleted(record.recordId(), OWNER, 1, 1, List.of(
                new CompletedStep("process", FORWARDED, ExecutionStatus.FINALIZING),
                new CompletedStep("finalize", RESULT, ExecutionStatus.COMPLETED)), NOW.plusMillis(90)));
        MeteredCapacity webhook = meter.totals().since(before);

        assertThat(store.find(record.recordId()).orElseThrow().status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(atIngest.writes()).as("the record and its kept body").isEqualTo(2);
        assertThat(atIngest.indexWriteUnits()).as("the listing entry, written once").isEqualTo(1);
        assertThat(webhook.writes()).isEqualTo(4);
        assertThat(webhook.indexWriteUnits()).as("no status change writes an index").isEqualTo(1);
        assertThat(webhook.writeUnits()).as("every write stays under 1 KB: %s", webhook).isLessThanOrEqualTo(5);
    }

    @Test
    void aRetriedAttemptCostsAtMostTwoWriteUnitsMore() {
        ExecutionRecord record = accepted();
        store.advanceUntouched(Advance.stepCompleted(record.recordId(), OWNER, 1, 1, "validate", VALIDATED,
                ExecutionStatus.PROCESSING, NOW.plusMillis(40)), NOW.plusSeconds(90));
        MeteredCapacity before = meter.totals();

        Instant retryAt = NOW.plusSeconds(2);
        store.postponeAttempt(record.recordId(), OWNER,
                new ExecutionError("forward_failed", "the target answered 503 Service Unavailable"), retryAt,
                NOW.plusMillis(200));
        ExecutionRecord waiting = store.find(record.recordId()).orElseThrow();
        store.takeLease(waiting, new Lease(OWNER, retryAt.plusSeconds(90)), retryAt).orElseThrow();
        MeteredCapacity retry = meter.totals().since(before);

        assertThat(retry.writes()).isEqualTo(2);
        assertThat(retry.indexWriteUnits()).isZero();
        assertThat(retry.writeUnits()).isLessThanOrEqualTo(2);
    }

    private ExecutionRecord accepted() {
        String key = "shopify:" + UUID.randomUUID();
        ExecutionRecord record = ExecutionRecord.started(ExecutionToken.issue(key, new SecureRandom()), key, "shopify",
                "order.created", NOW, NOW.plusSeconds(10), NOW.plus(Duration.ofDays(7)),
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", null);
        store.create(record);
        store.keepBody(record, new StoredBody("application/json", body(512)));
        return record;
    }

    private static String body(int bytes) {
        String head = "{\"type\":\"order.created\",\"orderId\":\"A-1001\",\"padding\":\"";
        return head + "x".repeat(bytes - head.length() - 2) + "\"}";
    }
}
