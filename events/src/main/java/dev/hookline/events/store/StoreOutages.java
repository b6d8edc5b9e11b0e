package dev.hookline.events.store;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** Tells a DynamoDB outage, which a caller should answer with 503 and Retry-After, from a bug. */
public final class StoreOutages {

    private StoreOutages() {
    }

    /**
     * Whether a failure is one a retry can outlast: DynamoDB unreachable, throttling, failing on its
     * side, or the table missing (deleted, or not yet created). Anything else is a bug in the request.
     */
    public static boolean isOutage(SdkException failure) {
        if (failure instanceof AwsServiceException service) {
            return service.statusCode() >= 500 || service.isThrottlingException()
                    || service instanceof ResourceNotFoundException;
        }
        return true;
    }
}
