package dev.hookline.local.template;

import java.util.List;

/**
 * One statement of a function's inline IAM policy, conditions and parameters applied. Each resource
 * is rendered as {@code Fn::Sub} would write it before deployment: parameters by their values, other
 * references as {@code ${Name}} or {@code ${Resource.Attribute}}, so {@code !GetAtt ExecutionsTable.Arn}
 * reads {@code ${ExecutionsTable.Arn}} and a parameter left empty reads {@code ""}.
 */
public record IamStatement(String effect, List<String> actions, List<String> resources) {

    public IamStatement {
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
    }
}
