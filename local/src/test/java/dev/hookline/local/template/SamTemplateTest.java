package dev.hookline.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamTemplateTest {

    /** Surefire runs with the module directory as working directory. */
    private static final SamTemplate TEMPLATE = SamTemplate.read(Path.of("../template.yaml"));

    @Test
    void executionsTableIsKeyedByIdWithExpiresAtTtlAListingIndexAndASparseAttentionIndex() {
        assertThat(TEMPLATE.tables()).singleElement().satisfies(table -> {
            assertThat(table.logicalId()).isEqualTo("ExecutionsTable");
            assertThat(table.attributes()).containsEntry("id", "S").containsEntry("bySource", "S")
                    .containsEntry("attention", "S");
            assertThat(table.keySchema()).containsExactly(Map.entry("id", "HASH"));
            assertThat(table.ttlAttribute()).isEqualTo("expiresAt");
            assertThat(table.globalSecondaryIndexes()).satisfiesExactly(
                    index -> {
                        assertThat(index.name()).isEqualTo("BySource");
                        assertThat(index.keySchema()).containsExactly(
                                Map.entry("bySource", "HASH"), Map.entry("listSort", "RANGE"));
                        assertThat(index.projectionType()).isEqualTo("KEYS_ONLY");
                    },
                    index -> {
                        assertThat(index.name()).isEqualTo("ByAttention");
                        assertThat(index.keySchema()).containsExactly(
                                Map.entry("attention", "HASH"), Map.entry("listSort", "RANGE"));
                        assertThat(index.nonKeyAttributes()).containsExactly("source");
                    });
        });
    }

    @Test
    void deadLetterQueueComesBeforeTheQueueThatRedrivesToIt() {
        List<QueueSpec> queues = TEMPLATE.queues();

        assertThat(queues).extracting(QueueSpec::logicalId).containsExactly("WebhookDeadLetterQueue", "WebhookQueue");
        assertThat(queues.get(0).deadLetterQueue()).isNull();
        assertThat(queues.get(0).messageRetentionSeconds()).isEqualTo(1209600);
    }

    @Test
    void webhookQueueRedrivesAfterTheMaxReceiveCountParameterDefault() {
        QueueSpec webhookQueue = queue(TEMPLATE, "WebhookQueue");

        assertThat(TEMPLATE.parameters()).containsEntry("MaxReceiveCount", "10");
        assertThat(webhookQueue.deadLetterQueue()).isEqualTo("WebhookDeadLetterQueue");
        assertThat(webhookQueue.maxReceiveCount()).isEqualTo(10);
        assertThat(webhookQueue.visibilityTimeoutSeconds()).isEqualTo(360);
    }

    @Test
    void parameterOverrideChangesMaxReceiveCount() {
        SamTemplate overridden = TEMPLATE.withParameters(Map.of("MaxReceiveCount", "2"));

        assertThat(queue(overridden, "WebhookQueue").maxReceiveCount()).isEqualTo(2);
        assertThat(overridden.parameters()).containsEntry("RetentionDays", "7");
        assertThat(queue(TEMPLATE, "WebhookQueue").maxReceiveCount()).isEqualTo(10);
    }

    @Test
    void ingestFunctionServesPostWebhooksSource() {
        FunctionSpec ingest = function("IngestFunction");

        assertThat(ingest.handlerClass()).isEqualTo("dev.hookline.ingest.IngestHandler");
        assertThat(ingest.routes()).containsExactly(new HttpRoute("POST", "/webhooks/{source}"));
        assertThat(ingest.routes().get(0).routeKey()).isEqualTo("POST /webhooks/{source}");
        assertThat(ingest.sqsTriggers()).isEmpty();
        assertThat(ingest.timeoutSeconds()).isEqualTo(30);
        assertThat(ingest.environment()).containsKeys("HOOKLINE_EXECUTIONS_TABLE", "HOOKLINE_SOURCES_SECRET");
    }

    @Test
    void statusFunctionServesGetStatusToken() {
        FunctionSpec status = function("StatusFunction");

        assertThat(status.handlerClass()).isEqualTo("dev.hookline.status.StatusHandler");
        assertThat(status.routes()).containsExactly(new HttpRoute("GET", "/status/{token}"));
    }

    @Test
    void executionsFunctionServesGetExecutionsFromTheStatusModule() {
        FunctionSpec executions = function("ExecutionsFunction");

        assertThat(executions.handlerClass()).isEqualTo("dev.hookline.status.ExecutionsHandler");
        assertThat(executions.routes()).containsExactly(new HttpRoute("GET", "/executions"));
        assertThat(executions.environment()).containsKey("HOOKLINE_EXECUTIONS_TABLE");
    }

    @Test
    void processorFunctionHasOneSqsTriggerOnWebhookQueue() {
        FunctionSpec processor = function("ProcessorFunction");

        assertThat(processor.routes()).isEmpty();
        assertThat(processor.timeoutSeconds()).isEqualTo(60);
        assertThat(processor.sqsTriggers()).containsExactly(new SqsTrigger("WebhookQueue", 10, 0, true, 4, "live"));
    }

    @Test
    void resolveHandlesShortAndLongFormIntrinsics() {
        Map<String, Object> values = SamTemplate.parse("""
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: example.Handler::handleRequest
                      Environment:
                        Variables:
                          ref: !Ref X
                          getAtt: !GetAtt Q.Arn
                          sub: !Sub "a-${X}-b"
                          subAttribute: !Sub "${Q.Arn}/${AWS::Region}"
                          longRef: {Ref: X}
                          longGetAtt: {"Fn::GetAtt": [Q, Url]}
                          plain: just text
                          number: 42
                """).functions().get(0).environment();

        SamTemplate.Resolver resolver = new SamTemplate.Resolver() {
            @Override
            public String ref(String name) {
                return "<" + name + ">";
            }

            @Override
            public String attribute(String logicalId, String attribute) {
                return "<" + logicalId + "|" + attribute + ">";
            }
        };

        assertThat(SamTemplate.resolve(values.get("ref"), resolver)).isEqualTo("<X>");
        assertThat(SamTemplate.resolve(values.get("getAtt"), resolver)).isEqualTo("<Q|Arn>");
        assertThat(SamTemplate.resolve(values.get("sub"), resolver)).isEqualTo("a-<X>-b");
        assertThat(SamTemplate.resolve(values.get("subAttribute"), resolver)).isEqualTo("<Q|Arn>/<AWS::Region>");
        assertThat(SamTemplate.resolve(values.get("longRef"), resolver)).isEqualTo("<X>");
        assertThat(SamTemplate.resolve(values.get("longGetAtt"), resolver)).isEqualTo("<Q|Url>");
        assertThat(SamTemplate.resolve(values.get("plain"), resolver)).isEqualTo("just text");
        assertThat(SamTemplate.resolve(values.get("number"), resolver)).isEqualTo("42");
        assertThat(SamTemplate.resolve(null, resolver)).isEmpty();
    }

    private static QueueSpec queue(SamTemplate template, String logicalId) {
        return template.queues().stream().filter(q -> q.logicalId().equals(logicalId)).findFirst().orElseThrow();
    }

    private static FunctionSpec function(String logicalId) {
        return TEMPLATE.functions().stream().filter(f -> f.logicalId().equals(logicalId)).findFirst().orElseThrow();
    }
}
