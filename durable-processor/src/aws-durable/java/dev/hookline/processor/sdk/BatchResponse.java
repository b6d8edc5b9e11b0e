package dev.hookline.processor.sdk;

import java.util.List;

/** The durable function's result: the partial batch failures the event source mapping reads. */
public record BatchResponse(List<ItemFailure> batchItemFailures) {

    public BatchResponse {
        batchItemFailures = List.copyOf(batchItemFailures);
    }

    /** @param itemIdentifier the message id of a record SQS must deliver again */
    public record ItemFailure(String itemIdentifier) {
    }
}
