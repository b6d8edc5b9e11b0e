package dev.hookline.local.template;

/**
 * A CloudFormation intrinsic function as written in the template, short form ({@code !Ref X}) or
 * long form ({@code {Ref: X}}), kept unresolved until the local resources exist.
 *
 * @param function {@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub}, ...
 */
public record Intrinsic(String function, Object argument) {
}
