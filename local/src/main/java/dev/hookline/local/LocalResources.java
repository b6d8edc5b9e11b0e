package dev.hookline.local;

import dev.hookline.events.json.Json;
import dev.hookline.local.template.QueueSpec;
import dev.hookline.local.template.SamTemplate;
import dev.hookline.local.template.TableSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * Creates the template's tables and queues on the local stand-ins, named by their logical ids, and
 * answers what {@code !Ref} and {@code !GetAtt} mean for them.
 */
public final class LocalResources implements SamTemplate.Resolver {

    private static final Logger LOG = LoggerFactory.getLogger(LocalResources.class);

    private static final String REGION = "us-east-1";
    private static final String ACCOUNT = "000000000000";

    private final Map<String, String> parameters;
    private final Map<String, String> tables = new LinkedHashMap<>();
    private final Map<String, String> queueUrls = new LinkedHashMap<>();
    private final Map<String, String> queueArns = new LinkedHashMap<>();

    private LocalResources(Map<String, String> parameters) {
        this.parameters = parameters;
    }

    /** Creates every table and queue of the template; ones that already exist are kept as they are. */
    public static LocalResources create(SamTemplate template, DynamoDbClient dynamoDb, SqsClient sqs) {
        LocalResources resources = new LocalResources(template.parameters());
        for (TableSpec table : template.tables()) {
            resources.createTable(dynamoDb, table);
        }
        for (QueueSpec queue : template.queues()) {
            resources.createQueue(sqs, queue);
        }
        return resources;
    }

    public String tableName(String logicalId) {
        return require(tables, logicalId, "table");
    }

    public String queueUrl(String logicalId) {
        return require(queueUrls, logicalId, "queue");
    }

    public String queueArn(String logicalId) {
        return require(queueArns, logicalId, "queue");
    }

    @Override
    public String ref(String name) {
        if (tables.containsKey(name)) {
            return tables.get(name);
        }
        if (queueUrls.containsKey(name)) {
            return queueUrls.get(name);
        }
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        return switch (name) {
            case "AWS::Region" -> REGION;
            case "AWS::AccountId" -> ACCOUNT;
            case "AWS::StackName" -> "hookline-local";
            default -> name;
        };
    }

    @Override
    public String attribute(String logicalId, String attribute) {
        if (queueUrls.containsKey(logicalId)) {
            return switch (attribute) {
                case "Arn" -> queueArns.get(logicalId);
                case "QueueName" -> logicalId;
                case "QueueUrl" -> queueUrls.get(logicalId);
                default -> "";
            };
        }
        if (tables.containsKey(logicalId) && attribute.equals("Arn")) {
            return "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + logicalId;
        }
        return "";
    }

    private void createTable(DynamoDbClient dynamoDb, TableSpec table) {
        List<AttributeDefinition> attributes = new ArrayList<>();
        table.attributes().forEach((name, type) -> attributes.add(
                AttributeDefinition.builder().attributeName(name).attributeType(type).build()));
        List<GlobalSecondaryIndex> indexes = table.globalSecondaryIndexes().stream()
                .map(index -> GlobalSecondaryIndex.builder()
                        .indexName(index.name())
                        .keySchema(keySchema(index.keySchema()))
                        .projection(Projection.builder()
                                .projectionType(index.projectionType())
                                .nonKeyAttributes(index.nonKeyAttributes().isEmpty() ? null : index.nonKeyAttributes())
                                .build())
                        .build())
                .toList();
        try {
            dynamoDb.createTable(create -> create
                    .tableName(table.logicalId())
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attributes)
                    .keySchema(keySchema(table.keySchema()))
                    .globalSecondaryIndexes(indexes.isEmpty() ? null : indexes));
            if (table.ttlAttribute() != null) {
                enableTimeToLive(dynamoDb, table);
            }
        } catch (ResourceInUseException alreadyThere) {
            // A persisted data directory keeps its tables between runs.
        }
        tables.put(table.logicalId(), table.logicalId());
    }

    /** dynalite has no TTL: it refuses UpdateTimeToLive, and the local runtime's sweeper stands in for it. */
    private static void enableTimeToLive(DynamoDbClient dynamoDb, TableSpec table) {
        try {
            dynamoDb.updateTimeToLive(ttl -> ttl
                    .tableName(table.logicalId())
                    .timeToLiveSpecification(spec -> spec.attributeName(table.ttlAttribute()).enabled(true)));
        } catch (DynamoDbException noTimeToLive) {
            LOG.debug("{}: the engine has no TTL ({}); the local runtime deletes expired records itself",
                    table.logicalId(), noTimeToLive.awsErrorDetails().errorCode());
        }
    }

    private void createQueue(SqsClient sqs, QueueSpec queue) {
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(queue.visibilityTimeoutSeconds()));
        attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, Integer.toString(queue.messageRetentionSeconds()));
        attributes.put(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, Integer.toString(queue.maximumMessageSize()));
        if (queue.deadLetterQueue() != null) {
            attributes.put(QueueAttributeName.REDRIVE_POLICY, Json.write(Map.of(
                    "deadLetterTargetArn", queueArn(queue.deadLetterQueue()),
                    "maxReceiveCount", Integer.toString(queue.maxReceiveCount()))));
        }
        String url;
        try {
            url = sqs.createQueue(create -> create.queueName(queue.logicalId()).attributes(attributes)).queueUrl();
        } catch (QueueNameExistsException keptWithOtherSettings) {
            // A persisted queue from a run with other template parameters: it keeps its messages, takes the new
            // settings. ElasticMQ keeps messages until they are deleted and warns about a retention period it is set.
            url = sqs.getQueueUrl(get -> get.queueName(queue.logicalId())).queueUrl();
            String existing = url;
            Map<QueueAttributeName, String> changeable = new LinkedHashMap<>(attributes);
            changeable.remove(QueueAttributeName.MESSAGE_RETENTION_PERIOD);
            sqs.setQueueAttributes(set -> set.queueUrl(existing).attributes(changeable));
        }
        String queueUrl = url;
        String arn = sqs.getQueueAttributes(get -> get.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        queueUrls.put(queue.logicalId(), queueUrl);
        queueArns.put(queue.logicalId(), arn);
    }

    private static List<KeySchemaElement> keySchema(List<Map.Entry<String, String>> schema) {
        return schema.stream()
                .map(key -> KeySchemaElement.builder().attributeName(key.getKey()).keyType(key.getValue()).build())
                .toList();
    }

    private static String require(Map<String, String> names, String logicalId, String kind) {
        String value = names.get(logicalId);
        if (value == null) {
            throw new IllegalArgumentException("the template declares no " + kind + " named " + logicalId);
        }
        return value;
    }
}
