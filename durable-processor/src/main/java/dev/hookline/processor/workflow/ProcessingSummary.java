package dev.hookline.processor.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hookline.processor.action.ForwardResult;
import java.util.List;

/**
 * What the process step did with a payload: which action, the payload's type, size and top-level
 * fields, and for a forward, how the target answered.
 *
 * @param forwarded the target's answer, or {@code null} when the action only recorded the payload
 */
public record ProcessingSummary(String action, String eventType, int bytes, List<String> fields,
        @JsonInclude(JsonInclude.Include.NON_NULL) ForwardResult forwarded) {

    public ProcessingSummary {
        fields = List.copyOf(fields);
    }
}
